import { accessSync, constants, existsSync, statfsSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { WorkspaceSchema } from '../store/index.js';
import {
  inspectPostgresSchema,
  inspectWorkspaceSchema,
  isPostgresUrl,
  redactUrl,
  sqliteEngineVersion,
} from '../store/index.js';

/** One line of `gst-ims doctor`: what was checked, what was found, and whether it is a problem. */
export interface DoctorCheck {
  readonly name: string;
  readonly ok: boolean;
  readonly detail: string;
}

export const MIN_NODE_MAJOR = 20;
/** A month of 100,000 records adds about 100 MB to a workspace: below this, say so. */
export const MIN_FREE_BYTES = 200 * 1024 * 1024;

export interface DoctorInputs {
  readonly workspaceFile: string;
  readonly nodeVersion?: string;
  /** Replaceable so that a test can show what a broken native module looks like. */
  readonly loadSqlite?: () => string;
  readonly freeBytes?: (dir: string) => number;
}

export async function doctorChecks(inputs: DoctorInputs): Promise<DoctorCheck[]> {
  const file = inputs.workspaceFile;
  const postgres = isPostgresUrl(file);
  return [
    nodeCheck(inputs.nodeVersion ?? process.versions.node),
    sqliteCheck(inputs.loadSqlite ?? sqliteEngineVersion),
    postgres ? await postgresWorkspaceCheck(file) : workspaceCheck(file),
    // A PostgreSQL workspace's disk is the server's; exports and backups land here.
    diskCheck(postgres ? join('.', 'workspace') : file, inputs.freeBytes ?? freeBytesAt),
  ];
}

export function nodeCheck(version: string): DoctorCheck {
  const major = Number(/^v?(\d+)/.exec(version)?.[1] ?? NaN);
  const ok = Number.isFinite(major) && major >= MIN_NODE_MAJOR;
  return {
    name: 'Node.js',
    ok,
    detail: ok
      ? `v${version.replace(/^v/, '')} (${MIN_NODE_MAJOR} or newer is needed)`
      : `v${version.replace(/^v/, '')} is too old: gst-ims needs Node.js ${MIN_NODE_MAJOR} or newer (https://nodejs.org)`,
  };
}

function sqliteCheck(load: () => string): DoctorCheck {
  try {
    return {
      name: 'native module',
      ok: true,
      detail: `better-sqlite3 loaded (SQLite ${load()})`,
    };
  } catch (e) {
    return {
      name: 'native module',
      ok: false,
      detail:
        `better-sqlite3 does not load on ${process.platform}-${process.arch} with Node.js ${process.versions.node}: ${message(e)}. ` +
        'Install gst-ims again with this Node.js (npm install -g gst-ims, or clear the npx cache) so that its binary matches',
    };
  }
}

function workspaceCheck(file: string): DoctorCheck {
  const name = 'workspace';
  if (!existsSync(file))
    return {
      name,
      ok: true,
      detail: `${file} does not exist yet (serve, demo or an import creates it)`,
    };
  try {
    if (!statSync(file).isFile()) return { name, ok: false, detail: `${file} is not a file` };
    accessSync(file, constants.R_OK | constants.W_OK);
  } catch (e) {
    return { name, ok: false, detail: `${file} cannot be read and written: ${message(e)}` };
  }
  let schema;
  try {
    schema = inspectWorkspaceSchema(file);
  } catch (e) {
    return {
      name,
      ok: false,
      detail: `${file} is not a readable gst-ims workspace: ${message(e)}`,
    };
  }
  if (schema === null) return { name, ok: false, detail: `${file} disappeared while checking it` };
  return schemaCheck(`${file} is readable and writable`, file, schema);
}

async function postgresWorkspaceCheck(url: string): Promise<DoctorCheck> {
  const label = redactUrl(url);
  try {
    return schemaCheck(`${label} answers`, label, await inspectPostgresSchema(url));
  } catch (e) {
    return {
      name: 'workspace',
      ok: false,
      detail: `${label} cannot be read: ${message(e).replaceAll(url, label)}`,
    };
  }
}

function schemaCheck(reached: string, label: string, schema: WorkspaceSchema): DoctorCheck {
  const name = 'workspace';
  const newest = schema.applied[schema.applied.length - 1] ?? 'none';
  if (schema.unknown.length > 0)
    return {
      name,
      ok: false,
      detail: `${label} was written by a newer version of gst-ims (schema ${schema.unknown.join(', ')}; this version knows up to ${schema.latestKnown}): update gst-ims to open it`,
    };
  if (schema.applied.length === 0)
    return { name, ok: true, detail: `${reached}; it holds no gst-ims schema yet` };
  return {
    name,
    ok: true,
    detail:
      schema.pending.length === 0
        ? `${reached}, schema ${newest} (up to date)`
        : `${reached}, schema ${newest}; ${schema.pending.length} upgrade(s) to ${schema.latestKnown} run when it is next opened`,
  };
}

function diskCheck(file: string, freeBytes: (dir: string) => number): DoctorCheck {
  const dir = nearestExistingDir(dirname(resolve(file)));
  try {
    const free = freeBytes(dir);
    const mb = Math.floor(free / (1024 * 1024));
    return free >= MIN_FREE_BYTES
      ? { name: 'free disk', ok: true, detail: `${mb.toLocaleString('en-IN')} MB free in ${dir}` }
      : {
          name: 'free disk',
          ok: false,
          detail: `only ${mb} MB free in ${dir}: a month of 100,000 records needs about 100 MB, and an import needs room to write; free at least ${MIN_FREE_BYTES / (1024 * 1024)} MB`,
        };
  } catch (e) {
    return {
      name: 'free disk',
      ok: false,
      detail: `cannot tell the free space in ${dir}: ${message(e)}`,
    };
  }
}

function freeBytesAt(dir: string): number {
  const s = statfsSync(dir);
  return s.bavail * s.bsize;
}

function nearestExistingDir(dir: string): string {
  let d = dir;
  while (!existsSync(d) && dirname(d) !== d) d = dirname(d);
  return d;
}

const message = (e: unknown): string => (e instanceof Error ? e.message : String(e));
