import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openSqliteStore } from '../app/index.js';
import { describeStores } from '../test-support/stores.js';
import type { DoctorCheck } from './doctor-checks.js';
import { doctorChecks, MIN_FREE_BYTES, nodeCheck } from './doctor-checks.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'gst-ims-doctor-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

const byName = (checks: readonly DoctorCheck[], name: string) => {
  const c = checks.find((x) => x.name === name);
  if (!c) throw new Error(`no check named ${name}`);
  return c;
};

describe('doctorChecks', () => {
  it('passes on this machine with no workspace yet', async () => {
    const checks = await doctorChecks({ workspaceFile: join(dir, 'gst-ims.sqlite') });
    expect(checks.map((c) => c.name)).toEqual([
      'Node.js',
      'native module',
      'workspace',
      'free disk',
    ]);
    expect(checks.filter((c) => !c.ok)).toEqual([]);
    expect(byName(checks, 'workspace').detail).toContain('does not exist yet');
  });

  it('reports the schema of an up-to-date workspace', async () => {
    const file = join(dir, 'ws.sqlite');
    await (await openSqliteStore(file)).close();
    const c = byName(await doctorChecks({ workspaceFile: file }), 'workspace');
    expect(c.ok).toBe(true);
    expect(c.detail).toMatch(/readable and writable, schema \d{4}-\S+ \(up to date\)/);
  });

  it('finds a Node.js older than 20', () => {
    expect(nodeCheck('18.19.1')).toMatchObject({ ok: false });
    expect(nodeCheck('18.19.1').detail).toContain('needs Node.js 20 or newer');
    expect(nodeCheck('20.0.0').ok).toBe(true);
    expect(nodeCheck('v22.3.0').ok).toBe(true);
  });

  it('finds a native module that does not load, and says how to mend it', async () => {
    const c = byName(
      await doctorChecks({
        workspaceFile: join(dir, 'ws.sqlite'),
        loadSqlite: () => {
          throw new Error('The module was compiled against a different Node.js version');
        },
      }),
      'native module',
    );
    expect(c.ok).toBe(false);
    expect(c.detail).toContain('compiled against a different Node.js version');
    expect(c.detail).toContain('Install gst-ims again');
  });

  it('finds too little free disk, measured where the workspace is (or would be)', async () => {
    const asked: string[] = [];
    const c = byName(
      await doctorChecks({
        workspaceFile: join(dir, 'not', 'yet', 'ws.sqlite'),
        freeBytes: (d) => {
          asked.push(d);
          return MIN_FREE_BYTES - 1;
        },
      }),
      'free disk',
    );
    expect(asked).toEqual([dir]);
    expect(c.ok).toBe(false);
    expect(c.detail).toContain('MB free in');
  });

  it('finds a workspace file that is not a database', async () => {
    const file = join(dir, 'ws.sqlite');
    writeFileSync(file, 'not a database\n'.repeat(100));
    const c = byName(await doctorChecks({ workspaceFile: file }), 'workspace');
    expect(c.ok).toBe(false);
    expect(c.detail).toContain('is not a readable gst-ims workspace');
  });

  it('finds a PostgreSQL workspace that does not answer, without showing its password', async () => {
    // Port 1 on this machine: nothing listens there, the connection is refused at once.
    const c = byName(
      await doctorChecks({ workspaceFile: 'postgres://asha:s3cret@127.0.0.1:1/gst_ims' }),
      'workspace',
    );
    expect(c.ok).toBe(false);
    expect(c.detail).toContain('cannot be read');
    expect(c.detail).not.toContain('s3cret');
  });
});

describeStores('doctor on a workspace', (kind) => {
  it('reads the schema of a workspace of this version: up to date', async () => {
    const location = await kind.newLocation();
    await (await kind.open(location)).close();
    const ok = byName(await doctorChecks({ workspaceFile: location }), 'workspace');
    expect(ok.ok).toBe(true);
    expect(ok.detail).toMatch(/schema \d{4}-\S+ \(up to date\)/);
  });
});
