// File uploads for the import routes: a multipart form (field "file") or the raw body with the
// name in ?name=, written to a private temp folder under its own name for the app's file-based
// use cases. Messages name the user's file, never the temp path.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { BadInputError } from '../core/index.js';

export const MAX_UPLOAD_BYTES = 512 * 1024 * 1024;

/**
 * Takes the file from a multipart form (field "file") or from the raw body (name in ?name=),
 * writes it to a private temp folder under its own name, and runs the use case on it. Messages
 * name the user's file, never the temp path.
 */
export async function withUploadedFile<T>(
  req: Request,
  maxBytes: number,
  nameParam: string | undefined,
  run: (file: string) => Promise<T>,
): Promise<T> {
  const declared = Number(req.headers.get('content-length') ?? '0');
  if (declared > maxBytes)
    throw new BadInputError(
      `the file is ${(declared / 1048576).toFixed(0)} MB, over the ${(maxBytes / 1048576).toFixed(0)} MB limit`,
    );
  let name = nameParam ?? '';
  let bytes: Uint8Array;
  if ((req.headers.get('content-type') ?? '').toLowerCase().startsWith('multipart/form-data')) {
    const form = await req.formData();
    const f = form.get('file');
    if (f === null || typeof f === 'string')
      throw new BadInputError('the form carries no file (field "file")', { field: 'file' });
    name = name || f.name;
    bytes = new Uint8Array(await f.arrayBuffer());
  } else {
    bytes = new Uint8Array(await req.arrayBuffer());
  }
  if (bytes.byteLength > maxBytes)
    throw new BadInputError(`the file is over the ${(maxBytes / 1048576).toFixed(0)} MB limit`);
  const safe =
    basename(name || 'upload.json')
      .replace(/[^\w .()-]/g, '_')
      .slice(0, 120) || 'upload.json';
  const dir = await mkdtemp(join(tmpdir(), 'gst-ims-upload-'));
  const file = join(dir, safe);
  try {
    await writeFile(file, bytes, { mode: 0o600 });
    return await run(file);
  } catch (e) {
    if (e instanceof BadInputError) {
      const fix = (s: string): string => s.split(file).join(safe).split(dir).join('.');
      throw new BadInputError(fix(e.message), {
        ...e.details,
        ...(e.details.file !== undefined ? { file: safe } : {}),
      });
    }
    throw e;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
