// Checks of a parsed JSON value that every portal file reader shares: what a value is called
// in a message, `__proto__` keys, and text that is not valid Unicode.
import { BadInputError } from './errors.js';
import type { FileRefusalCode } from './vocabulary/file-refusal-codes.js';

/** Describes a JSON value for an error message: `"12,00"`, `12.345`, `an object`, `no value`. */
export function describeJsonValue(v: unknown): string {
  if (v === undefined) return 'no value';
  if (v === null) return 'null';
  if (typeof v === 'string') {
    return JSON.stringify(v.length > 60 ? `${v.slice(0, 57)}...` : v);
  }
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return 'an array';
  return typeof v === 'object' ? 'an object' : typeof v;
}

/** A plain JSON object (not null, not an array). */
export function isJsonObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Refuses `__proto__` keys in a JSON value and everything under it (JSON.parse creates them as
 * own keys; copying one into a plain object would replace its prototype).
 */
export function assertNoProtoKeys(v: unknown, file: string, path: string, depth = 0): void {
  if (typeof v !== 'object' || v === null) return;
  if (depth > 200) {
    // The path of the 200th level is mostly "[0][0]...": its start says where the nesting is.
    const shown = path.length > 80 ? `${path.slice(0, 80)}...` : path;
    throw new BadInputError(`${file}: ${shown}: nested too deeply (over 200 levels)`, {
      file,
      path,
    });
  }
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) assertNoProtoKeys(v[i], file, `${path}[${i}]`, depth + 1);
    return;
  }
  const o = v as Record<string, unknown>;
  for (const k of Object.keys(o)) {
    if (k === '__proto__') throw protoError(file, path === '' ? k : `${path}.${k}`);
    assertNoProtoKeys(o[k], file, path === '' ? k : `${path}.${k}`, depth + 1);
  }
}

/**
 * False for a string holding a lone UTF-16 surrogate. JSON.parse lets "\ud800" through; SQLite
 * stores it as U+FFFD, so the record's key on disk differs from the one parsed, and the next
 * import of the same file meets its own record as a stranger.
 */
export function isWellFormedText(s: string): boolean {
  return (s as string & { isWellFormed(): boolean }).isWellFormed();
}

/** The code of a text field that is not valid Unicode. */
export const INVALID_UNICODE = 'INVALID_UNICODE' satisfies FileRefusalCode;

export function invalidUnicode(file: string, path: string, s: string): BadInputError {
  let at = 0;
  for (; at < s.length; at++) {
    const c = s.charCodeAt(at);
    if (c < 0xd800 || c > 0xdfff) continue;
    const next = s.charCodeAt(at + 1);
    if (c > 0xdbff || !(next >= 0xdc00 && next <= 0xdfff)) break;
    at++; // a valid pair
  }
  const unit = s.charCodeAt(at).toString(16).padStart(4, '0');
  return new BadInputError(
    `${file}: ${path}: not valid Unicode text [${INVALID_UNICODE}]: a lone UTF-16 surrogate \\u${unit} at character ${at + 1}; ` +
      'the file is damaged or was not written by the portal (its text must be UTF-8)',
    { file, path, expected: 'valid Unicode text', code: INVALID_UNICODE },
  );
}

/**
 * Refuses keys and strings that are not valid Unicode anywhere in `v` (kept fields, stored as
 * they are). Recursive: call it after assertNoProtoKeys, which bounds the depth.
 */
export function assertWellFormedDeep(v: unknown, file: string, path: string): void {
  if (typeof v === 'string') {
    if (!isWellFormedText(v)) throw invalidUnicode(file, path, v);
    return;
  }
  if (typeof v !== 'object' || v === null) return;
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) assertWellFormedDeep(v[i], file, `${path}[${i}]`);
    return;
  }
  for (const [k, x] of Object.entries(v)) {
    const at = path === '' ? k : `${path}.${k}`;
    if (!isWellFormedText(k)) throw invalidUnicode(file, at, k);
    assertWellFormedDeep(x, file, at);
  }
}

export function protoError(file: string, path: string): BadInputError {
  return new BadInputError(`${file}: ${path}: a "__proto__" key is not allowed in portal JSON`, {
    file,
    path,
  });
}
