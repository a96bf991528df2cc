// Where the sections of an IMS download are: the API shape, the offline tool's envelope, either
// wrapped in "data"; and whose download it is (the recipient GSTIN).
import { BadInputError } from '../errors.js';
import { checkGstin, normaliseGstin } from '../gstin.js';
import { issue } from '../issue.js';
import { assertNoProtoKeys, isJsonObject, protoError } from '../json-checks.js';
import type { Section } from '../sections.js';
import { SECTIONS } from '../sections.js';
import type { Ctx } from './parse-context.js';
import { fail } from './parse-context.js';

const SECTION_BY_LOWER: ReadonlyMap<string, Section> = new Map(SECTIONS.map((s) => [s, s]));

export interface Located {
  container: Record<string, unknown>;
  /** Path prefix of the section keys: "", "imsDetails.", "data.imsDetails." ... */
  prefix: string;
  sectionKeys: Map<Section, string>;
  recipientCandidates: { path: string; value: unknown }[];
}

function findKeyCi(o: Record<string, unknown>, lower: string): string | undefined {
  for (const k of Object.keys(o)) if (k.toLowerCase() === lower) return k;
  return undefined;
}

function hasSectionKey(o: Record<string, unknown>): boolean {
  for (const k of Object.keys(o)) if (SECTION_BY_LOWER.has(k.toLowerCase())) return true;
  return false;
}

export function locateSections(top: Record<string, unknown>, ctx: Ctx): Located {
  const file = ctx.file;
  const candidates: { path: string; value: unknown }[] = [];
  const collect = (o: Record<string, unknown>, prefix: string): void => {
    for (const name of ['gstin', 'rtin']) {
      if (Object.prototype.hasOwnProperty.call(o, name) && o[name] !== null && o[name] !== '') {
        candidates.push({ path: prefix + name, value: o[name] });
      }
    }
  };
  const dataKey = findKeyCi(top, 'data');
  const unwrap =
    dataKey !== undefined &&
    isJsonObject(top[dataKey]) &&
    !hasSectionKey(top) &&
    findKeyCi(top, 'imsdetails') === undefined;
  checkEnvelopeKeys(top, '', unwrap ? dataKey : findKeyCi(top, 'imsdetails'), ctx);
  collect(top, '');
  let obj = top;
  let prefix = '';
  if (unwrap) {
    obj = top[dataKey] as Record<string, unknown>;
    prefix = `${dataKey}.`;
    checkEnvelopeKeys(obj, prefix, findKeyCi(obj, 'imsdetails'), ctx);
    collect(obj, prefix);
  }
  if (findKeyCi(obj, 'imsdetailserr') !== undefined) {
    throw new BadInputError(
      `${file}: this is an IMS error file (imsDetailsErr), not an IMS download; import it as an error report`,
      { file, path: `${prefix}imsDetailsErr` },
    );
  }
  if (findKeyCi(obj, 'invdata') !== undefined || findKeyCi(obj, 'reqtyp') !== undefined) {
    throw new BadInputError(
      `${file}: this is an upload file (rtin/reqtyp/invdata), not an IMS download`,
      { file, path: `${prefix}invdata` },
    );
  }
  const detailsKey = findKeyCi(obj, 'imsdetails');
  let container = obj;
  if (detailsKey !== undefined) {
    const inner = obj[detailsKey];
    const innerPath = prefix + detailsKey;
    if (hasSectionKey(obj)) {
      throw new BadInputError(
        `${file}: both ${innerPath} and top-level sections are present; expected one or the other`,
        { file, path: innerPath },
      );
    }
    if (inner === null) {
      container = {};
    } else if (!isJsonObject(inner)) {
      fail(ctx, innerPath, 'an object of sections (b2b, b2bcn, ...)', inner);
    } else {
      container = inner;
      checkEnvelopeKeys(inner, `${innerPath}.`, undefined, ctx);
      collect(inner, `${innerPath}.`);
    }
    prefix = `${innerPath}.`;
  } else if (!hasSectionKey(obj)) {
    if (findKeyCi(obj, 'token') !== undefined) {
      throw new BadInputError(
        `${file}: this is a GETINV "token" response (the data is split into files); download the files and import those`,
        { file, path: `${prefix}token` },
      );
    }
    throw new BadInputError(
      `${file}: not an IMS download: expected keys such as b2b, b2bcn or imsDetails`,
      {
        file,
        path: prefix.replace(/\.$/, ''),
        expected: 'b2b, b2ba, b2bdn, b2bdna, b2bcn, b2bcna, ecom, ecoma or imsDetails',
      },
    );
  }
  const sectionKeys = new Map<Section, string>();
  for (const k of Object.keys(container)) {
    const section = SECTION_BY_LOWER.get(k.toLowerCase());
    if (section !== undefined) {
      const other = sectionKeys.get(section);
      if (other !== undefined) {
        throw new BadInputError(
          `${file}: ${prefix}${k}: section ${section} appears twice (also as ${prefix}${other})`,
          { file, path: prefix + k },
        );
      }
      sectionKeys.set(section, k);
    } else if (Array.isArray(container[k]) && (container[k] as unknown[]).length > 0) {
      ctx.warnings.push(
        issue(
          'UNKNOWN_SECTION',
          'warning',
          prefix + k,
          k,
          `${file}: ${prefix}${k}: not an IMS section this tool handles (b2b, b2ba, b2bdn, b2bdna, b2bcn, b2bcna, ecom, ecoma); its ${(container[k] as unknown[]).length} entries were ignored`,
        ),
      );
    }
  }
  return { container, prefix, sectionKeys, recipientCandidates: candidates };
}

/**
 * Envelope-level keys: refuses `__proto__` here and anywhere in values that are not sections
 * (sections are checked record by record) and not `walkedLater` (checked as its own envelope).
 */
function checkEnvelopeKeys(
  o: Record<string, unknown>,
  prefix: string,
  walkedLater: string | undefined,
  ctx: Ctx,
): void {
  for (const k of Object.keys(o)) {
    if (k === '__proto__') throw protoError(ctx.file, prefix + k);
    if (k === walkedLater || (SECTION_BY_LOWER.has(k.toLowerCase()) && Array.isArray(o[k])))
      continue;
    assertNoProtoKeys(o[k], ctx.file, prefix + k);
  }
}

export function resolveRecipient(
  candidates: readonly { path: string; value: unknown }[],
  given: string | undefined,
  ctx: Ctx,
): string | null {
  const file = ctx.file;
  let fromFile: { path: string; gstin: string } | null = null;
  for (const c of candidates) {
    if (typeof c.value !== 'string') fail(ctx, c.path, 'the recipient GSTIN as a string', c.value);
    const g = normaliseGstin(c.value);
    if (fromFile === null) fromFile = { path: c.path, gstin: g };
    else if (fromFile.gstin !== g) {
      throw new BadInputError(
        `${file}: the file names two different recipient GSTINs: ${fromFile.path} ${fromFile.gstin} and ${c.path} ${g}`,
        { file, path: c.path },
      );
    }
  }
  const givenNorm = given === undefined || given.trim() === '' ? null : normaliseGstin(given);
  if (fromFile !== null && givenNorm !== null && fromFile.gstin !== givenNorm) {
    throw new BadInputError(
      `${file}: the file is for recipient GSTIN ${fromFile.gstin} (${fromFile.path}), but GSTIN ${givenNorm} was given`,
      { file, path: fromFile.path },
    );
  }
  const chosen = fromFile?.gstin ?? givenNorm;
  if (chosen === null) return null;
  const path = fromFile?.path ?? null;
  const check = checkGstin(chosen);
  if (!check.ok) {
    if (check.code === 'GSTIN_CHECKSUM') {
      ctx.warnings.push(
        issue(
          'GSTIN_CHECKSUM',
          'warning',
          null,
          path,
          `${file}: recipient ${check.message}; kept as given`,
        ),
      );
    } else {
      throw new BadInputError(
        `${file}: ${path ?? 'recipient GSTIN given'}: ${check.message}`,
        path === null ? { file } : { file, path, expected: 'a 15-character GSTIN' },
      );
    }
  }
  return chosen;
}
