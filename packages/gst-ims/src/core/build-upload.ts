// Builds the portal upload JSON (ims-formats.md 4.1, 4.2): SAVE files for Accept/Reject/Pending,
// RESET files for records going back to No Action. Pure; the caller writes the strings.
import { actionToCode } from './actions.js';
import { toPortalDate } from './dates.js';
import { BadInputError } from './errors.js';
import { checkGstin, normaliseGstin } from './gstin.js';
import { takesDeclaration } from './itc-declaration.js';
import { paiseToRupees } from './money.js';
import type { Decision, PortalRecord } from './record.js';
import type { Section } from './sections.js';
import { SECTIONS, SECTION_INFO } from './sections.js';

export interface UploadItem {
  readonly record: PortalRecord;
  readonly decision: Decision;
}

export interface UploadFile {
  reqtyp: 'SAVE' | 'RESET';
  /** The file content: compact JSON, at most maxBytes UTF-8 bytes unless it holds one record. */
  json: string;
  /** Keys of the records in the file, in file order. */
  recordKeys: string[];
  /** Records per section; only sections present in the file. */
  counts: Partial<Record<Section, number>>;
}

export interface BuildUploadInput {
  /** The recipient GSTIN (the taxpayer uploading). */
  rtin: string;
  items: readonly UploadItem[];
  /** Largest file in UTF-8 bytes; more records go to further files. */
  maxBytes: number;
  /**
   * UTF-8 byte length of a string; defaults to utf8Length. Shells pass the platform's native
   * one (Node's Buffer.byteLength), several times faster on 100,000 records.
   */
  byteLength?: ((s: string) => number) | undefined;
}

/**
 * The fields a SAVE or RESET record may carry, per section: the "Save"/"Reset" columns of
 * ims-formats.md §2, nothing else. Download-only fields (hash, srcfilstatus, tradenm, irn,
 * supfildt, the blocked flags ...) and fields we do not know are never sent back.
 */
export function uploadFieldsFor(section: Section, reqtyp: 'SAVE' | 'RESET'): readonly string[] {
  const info = SECTION_INFO[section];
  const fields: string[] = ['stin', info.numberKey, info.dateKey];
  if (info.originalNumberKey !== null) fields.push(info.originalNumberKey);
  if (info.originalDateKey !== null) fields.push(info.originalDateKey);
  if (info.hasInvType) fields.push('inv_typ');
  fields.push(
    'srcform',
    'rtnprd',
    'val',
    'pos',
    'txval',
    'iamt',
    'camt',
    'samt',
    'cess',
    'prev_status',
  );
  if (reqtyp === 'RESET') return fields;
  fields.push('action');
  if (info.itcReductionAllowed)
    fields.push('itcRedReq', 'declIgst', 'declCgst', 'declSgst', 'declCess');
  fields.push('remarks');
  return fields;
}

/**
 * One record as the portal spells it, keys in the order the portal's own samples use:
 * identity, amounts, prev_status, then (SAVE only) action, the ITC-reduction declaration on
 * Accept of a record that takes one, and remarks. Only uploadFieldsFor's fields are written.
 */
export function uploadRecordBody(
  record: PortalRecord,
  decision: Decision,
  reqtyp: 'SAVE' | 'RESET',
): Record<string, unknown> {
  const info = SECTION_INFO[record.section];
  const body: Record<string, unknown> = {};
  body.stin = record.supplierGstin;
  body[info.numberKey] = record.docNumber;
  body[info.dateKey] = toPortalDate(record.docDate);
  if (info.originalNumberKey !== null && record.originalDocNumber !== null) {
    body[info.originalNumberKey] = record.originalDocNumber;
  }
  if (info.originalDateKey !== null && record.originalDocDate !== null) {
    body[info.originalDateKey] = toPortalDate(record.originalDocDate);
  }
  if (info.hasInvType && record.invType !== null) body.inv_typ = record.invType;
  if (record.srcForm !== null) body.srcform = record.srcForm;
  if (record.returnPeriod !== null) body.rtnprd = record.returnPeriod;
  const a = record.amounts;
  body.val = paiseToRupees(a.value);
  if (record.pos !== null) body.pos = record.pos;
  body.txval = paiseToRupees(a.taxable);
  body.iamt = paiseToRupees(a.igst);
  body.camt = paiseToRupees(a.cgst);
  body.samt = paiseToRupees(a.sgst);
  body.cess = paiseToRupees(a.cess);
  body.prev_status = actionToCode(record.portalAction);
  if (reqtyp === 'RESET') return body;
  body.action = actionToCode(decision.action);
  const itc = decision.itcReduction;
  // Validation refuses a declaration where none is taken; the builder never writes one there.
  if (decision.action === 'accept' && itc !== null && takesDeclaration(record)) {
    body.itcRedReq = itc.kind === 'none' ? 'N' : 'Y';
    if (itc.kind === 'partial') {
      body.declIgst = paiseToRupees(itc.igst);
      body.declCgst = paiseToRupees(itc.cgst);
      body.declSgst = paiseToRupees(itc.sgst);
      body.declCess = paiseToRupees(itc.cess);
    }
  }
  if (decision.remark !== null && decision.remark !== '') body.remarks = decision.remark;
  return body;
}

const NON_ASCII = /[\u0080-\uffff]/;

/** UTF-8 byte length of a string, without encoding it (JSON.stringify output is well formed). */
export function utf8Length(s: string): number {
  if (!NON_ASCII.test(s)) return s.length;
  let n = s.length;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) continue;
    if (c < 0x800) n += 1;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        n += 2; // a pair: 2 UTF-16 units, 4 bytes
        i++;
      } else n += 2; // lone surrogate: 3 bytes (WTF-8), not produced by JSON.stringify
    } else n += 2;
  }
  return n;
}

/** Refuses a file size limit that is not a positive number, or an rtin that is no GSTIN; the rtin normalised. */
export function checkUploadInput(rtin: string, maxBytes: number): string {
  if (!Number.isFinite(maxBytes) || maxBytes <= 0) {
    throw new RangeError(`maxBytes must be a positive number of bytes, got ${maxBytes}`);
  }
  const normalised = normaliseGstin(rtin);
  const check = checkGstin(normalised);
  if (!check.ok && check.code !== 'GSTIN_CHECKSUM') {
    throw new BadInputError(`rtin: ${check.message}`, { field: 'rtin' });
  }
  return normalised;
}

interface Entry {
  readonly record: PortalRecord;
  readonly decision: Decision;
}

/**
 * Builds the SAVE and RESET upload files. Items whose decision is noAction go to RESET (the
 * portal returns a record to No Action only through a RESET request); the others to SAVE.
 * Order is deterministic: SECTIONS order, then the order of `items`. Files are split so that
 * each stays within maxBytes; a record is never split, and a single record larger than
 * maxBytes goes alone in its file. The builder does not filter: the caller passes only the
 * records whose decision differs from what the portal holds, validated.
 */
export function buildUploadFiles(input: BuildUploadInput): {
  save: UploadFile[];
  reset: UploadFile[];
} {
  const { items, maxBytes } = input;
  const byteLength = input.byteLength ?? utf8Length;
  const rtin = checkUploadInput(input.rtin, maxBytes);
  const save = emptyBuckets();
  const reset = emptyBuckets();
  const seen = new Set<string>();
  for (const { record, decision } of items) {
    if (seen.has(record.key)) {
      throw new BadInputError(`upload items: record ${record.key} is listed twice`, {
        field: 'items',
      });
    }
    seen.add(record.key);
    const reqtyp = decision.action === 'noAction' ? 'RESET' : 'SAVE';
    const bucket = (reqtyp === 'SAVE' ? save : reset)[record.section];
    bucket.push({ record, decision });
  }
  return {
    save: pack(rtin, 'SAVE', save, maxBytes, byteLength),
    reset: pack(rtin, 'RESET', reset, maxBytes, byteLength),
  };
}

/**
 * Records stringified per call while they fit in the current file. One JSON.stringify of an
 * array is the records' JSON joined by commas, byte for byte, and costs a third less than one
 * call per record; only a run that would cross a file boundary is redone record by record.
 * Bodies are made per run, not all up front, so that they die young (90,000 bodies alive at
 * once cost the garbage collector more than making them).
 */
const RUN = 512;

function emptyBuckets(): Record<Section, Entry[]> {
  return { b2b: [], b2ba: [], b2bdn: [], b2bdna: [], b2bcn: [], b2bcna: [], ecom: [], ecoma: [] };
}

/**
 * Packs records into files of the shape {"rtin":..,"reqtyp":..,"invdata":{"b2b":[..],..}}
 * (UploadPacker), each file's text joined into one string.
 */
function pack(
  rtin: string,
  reqtyp: 'SAVE' | 'RESET',
  buckets: Record<Section, Entry[]>,
  maxBytes: number,
  byteLength: (s: string) => number,
): UploadFile[] {
  const packer = new UploadPacker(rtin, reqtyp, maxBytes, byteLength);
  for (const section of SECTIONS) packer.add(section, buckets[section]);
  packer.end();
  const files: UploadFile[] = [];
  let text: string[] = [];
  for (const piece of packer.take()) {
    if (piece.kind === 'text') text.push(piece.text);
    else {
      files.push({
        reqtyp,
        json: text.join(''),
        recordKeys: piece.recordKeys,
        counts: piece.counts,
      });
      text = [];
    }
  }
  return files;
}

/** A piece of the packer's output: text of the file being written, or the end of that file. */
export type UploadPiece =
  | { readonly kind: 'text'; readonly text: string }
  | {
      readonly kind: 'end';
      /** Keys of the file's records, in file order. */
      readonly recordKeys: string[];
      readonly counts: Partial<Record<Section, number>>;
      /** The file's UTF-8 length. */
      readonly bytes: number;
    };

/**
 * Packs records into upload files of one request type, given a section at a time in SECTIONS
 * order (a section's records in one call or several): the output comes as pieces of text, each
 * file's ended by an `end` piece, which the caller takes (take()) and writes as they come, so
 * that no file, however large, need be held whole. Sizes are added up per run of records
 * (envelope + section headers + records + separators), so the file's byte length equals the
 * running total. The result is the greedy one-record-at-a-time packing: a run goes in whole
 * only when all of it fits, which is exactly when each of its records would have; so it does
 * not depend on how the records are split between calls.
 */
export class UploadPacker {
  private readonly head: string;
  private readonly base: number;
  private pieces: UploadPiece[] = [];
  private size: number;
  private keys: string[] = [];
  private counts: Partial<Record<Section, number>> = {};
  /** The section whose array is open in the current file. */
  private open: Section | null = null;

  constructor(
    rtin: string,
    private readonly reqtyp: 'SAVE' | 'RESET',
    private readonly maxBytes: number,
    private readonly byteLength: (s: string) => number = utf8Length,
  ) {
    this.head = `{"rtin":${JSON.stringify(rtin)},"reqtyp":"${reqtyp}","invdata":{`;
    this.base = utf8Length(this.head) + TAIL.length;
    this.size = this.base;
  }

  /** Adds records of one section (after those of the sections before it). */
  add(section: Section, entries: readonly UploadItem[]): void {
    const { reqtyp, maxBytes, byteLength } = this;
    for (let start = 0; start < entries.length; start += RUN) {
      const run = entries.slice(start, start + RUN);
      const joined = JSON.stringify(
        run.map((e) => uploadRecordBody(e.record, e.decision, reqtyp)),
      ).slice(1, -1);
      const bytes = byteLength(joined);
      if (this.size + this.growth(section, bytes) <= maxBytes) {
        this.append(
          section,
          joined,
          bytes,
          run.map((e) => e.record.key),
        );
        continue;
      }
      for (const e of run) {
        const json = JSON.stringify(uploadRecordBody(e.record, e.decision, reqtyp));
        const one = byteLength(json);
        if (this.keys.length > 0 && this.size + this.growth(section, one) > maxBytes) this.flush();
        this.append(section, json, one, [e.record.key]);
      }
    }
  }

  /** Ends the last file. */
  end(): void {
    this.flush();
  }

  /** The pieces made since the last call. */
  take(): UploadPiece[] {
    const out = this.pieces;
    this.pieces = [];
    return out;
  }

  private flush(): void {
    if (this.keys.length === 0) return;
    this.pieces.push({ kind: 'text', text: `]${TAIL}` });
    this.pieces.push({
      kind: 'end',
      recordKeys: this.keys,
      counts: this.counts,
      bytes: this.size,
    });
    this.size = this.base;
    this.keys = [];
    this.counts = {};
    this.open = null;
  }

  /** `"b2b":[` + `]`, plus a comma when another section precedes it in the file. */
  private growth(section: Section, bytes: number): number {
    const open = this.open;
    return open === section ? 1 + bytes : (open === null ? 0 : 1) + section.length + 5 + bytes;
  }

  /** Adds records' JSON (one record, or a run joined by commas) of `bytes` bytes to the file. */
  private append(section: Section, json: string, bytes: number, runKeys: readonly string[]): void {
    this.size += this.growth(section, bytes);
    if (this.open === null && this.keys.length === 0)
      this.pieces.push({ kind: 'text', text: this.head });
    if (this.open === section) this.pieces.push({ kind: 'text', text: `,${json}` });
    else {
      const open = this.open === null ? `"${section}":[` : `],"${section}":[`;
      this.pieces.push({ kind: 'text', text: open + json });
      this.open = section;
    }
    for (const k of runKeys) this.keys.push(k);
    this.counts[section] = (this.counts[section] ?? 0) + runKeys.length;
  }
}

const TAIL = '}}';
