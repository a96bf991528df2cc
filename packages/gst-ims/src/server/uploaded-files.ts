// Several uploaded files for one use case (the Excel import merges the workbooks of a team): a
// multipart form with any number of "file" fields, or one file as the raw body (name in ?name=).
// Each is written to a private temp folder under its own name; messages name the user's files,
// never the temp paths.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { BadInputError } from '../core/index.js';

export interface UploadedFile {
  /** The name the person gave the file. */
  readonly name: string;
  /** Where it lies for the use case. */
  readonly path: string;
}

/** At most this many files in one request. */
export const MAX_FILES = 50;

const mb = (n: number): string => (n / 1048576).toFixed(0);

const safeName = (name: string, fallback: string): string =>
  basename(name || fallback)
    .replace(/[^\w .()-]/g, '_')
    .slice(0, 120) || fallback;

async function filesOf(
  req: Request,
  nameParam: string | undefined,
): Promise<{ name: string; bytes: Uint8Array }[]> {
  if (!(req.headers.get('content-type') ?? '').toLowerCase().startsWith('multipart/form-data'))
    return [{ name: nameParam ?? '', bytes: new Uint8Array(await req.arrayBuffer()) }];
  const form = await req.formData();
  const parts = form.getAll('file');
  if (parts.length === 0)
    throw new BadInputError('the form carries no file (field "file")', { field: 'file' });
  const out: { name: string; bytes: Uint8Array }[] = [];
  for (const f of parts) {
    if (typeof f === 'string')
      throw new BadInputError('the field "file" holds text, not a file', { field: 'file' });
    out.push({ name: f.name, bytes: new Uint8Array(await f.arrayBuffer()) });
  }
  return out;
}

/**
 * Takes the files of the request (limit: `maxBytes` over all of them), writes each to its own
 * folder under a private temp folder (two files of one name stay apart), runs the use case on
 * them, and removes the folder.
 */
export async function withUploadedFiles<T>(
  req: Request,
  maxBytes: number,
  nameParam: string | undefined,
  run: (files: UploadedFile[]) => Promise<T>,
): Promise<T> {
  const declared = Number(req.headers.get('content-length') ?? '0');
  if (declared > maxBytes)
    throw new BadInputError(`the upload is ${mb(declared)} MB, over the ${mb(maxBytes)} MB limit`);
  const given = await filesOf(req, nameParam);
  if (given.length > MAX_FILES)
    throw new BadInputError(`${given.length} files in one upload; at most ${MAX_FILES}`, {
      field: 'file',
    });
  const total = given.reduce((n, f) => n + f.bytes.byteLength, 0);
  if (total > maxBytes) throw new BadInputError(`the upload is over the ${mb(maxBytes)} MB limit`);
  const dir = await mkdtemp(join(tmpdir(), 'gst-ims-upload-'));
  const files: UploadedFile[] = [];
  try {
    for (const [i, f] of given.entries()) {
      const sub = join(dir, String(i + 1));
      await mkdir(sub);
      const name = safeName(f.name, `upload-${i + 1}.xlsx`);
      const path = join(sub, name);
      await writeFile(path, f.bytes, { mode: 0o600 });
      files.push({ name, path });
    }
    return await run(files);
  } catch (e) {
    if (e instanceof BadInputError) throw withNames(e, dir, files);
    throw e;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** The error with every temp path replaced by the file's own name. */
function withNames(e: BadInputError, dir: string, files: readonly UploadedFile[]): BadInputError {
  const fix = (s: string): string => {
    let out = s;
    for (const f of files) out = out.split(f.path).join(f.name);
    return out.split(dir).join('.');
  };
  const file = typeof e.details.file === 'string' ? fix(e.details.file) : undefined;
  return new BadInputError(fix(e.message), {
    ...e.details,
    ...(file === undefined ? {} : { file }),
  });
}
