// Preparation: both sides turned into what the phases compare (number keys, GSTIN, PAN, doc
// type, place of supply), with the amendment chains followed. Pure.
import type { IsoDate } from '../dates.js';
import { dayNumber } from '../dates.js';
import { UsageError } from '../errors.js';
import { normaliseGstin, panOf } from '../gstin.js';
import {
  confusableFromNormalised,
  foldDocNumber,
  normaliseDocNumber,
} from '../normalise-doc-number.js';
import type { Amounts, PortalRecord } from '../record.js';
import type { OutsideIms, RegisterDocument } from '../register.js';
import type { DocType } from '../sections.js';
import { SECTION_INFO } from '../sections.js';
import type { ReconcileInput } from './reconcile-input.js';

export interface NumKey {
  readonly text: string;
  readonly folded: string;
  readonly norm: string;
  /** The look-alike key, computed on first use (only leftovers need it). */
  conf: string | null;
  readonly day: number;
  readonly fy: number;
  /** Calendar month index: year * 12 + month - 1. */
  readonly month: number;
}

export function confOf(k: NumKey): string {
  if (k.conf === null) k.conf = confusableFromNormalised(k.norm);
  return k.conf;
}

export interface Rec {
  readonly i: number;
  readonly key: string;
  readonly gstin: string;
  readonly pan: string;
  readonly type: DocType;
  /** An amendment section (b2ba, b2bdna, b2bcna, ecoma). */
  readonly amendment: boolean;
  readonly own: NumKey;
  /** Original numbers of an amendment, nearest first (original, then the original's original). */
  ancestors: NumKey[];
  readonly a: Amounts;
  readonly pos: string | null;
  readonly src: PortalRecord;
}

export interface Doc {
  readonly j: number;
  readonly ref: string;
  readonly gstin: string;
  readonly pan: string;
  readonly type: DocType;
  readonly own: NumKey;
  readonly a: Amounts;
  readonly pos: string | null;
  readonly outside: OutsideIms | null;
  readonly src: RegisterDocument;
}

export interface Prepared {
  readonly recs: Rec[];
  readonly docs: Doc[];
  readonly recByKey: Map<string, number>;
  readonly docByRef: Map<string, number>;
}

export function fiscalYearLabel(start: number): string {
  return `${start}-${String((start + 1) % 100).padStart(2, '0')}`;
}

/** What a number key takes from its date: day number, fiscal year start, calendar month index. */
interface DateParts {
  readonly day: number;
  readonly fy: number;
  readonly month: number;
}

function datePartsOf(date: IsoDate): DateParts {
  const y = Number(date.slice(0, 4));
  const m = Number(date.slice(5, 7));
  return { day: dayNumber(date), fy: m >= 4 ? y : y - 1, month: y * 12 + m - 1 };
}

function posCode(p: string): string | null {
  const m = /^\s*(\d{2})/.exec(p);
  return m ? (m[1] ?? null) : null;
}

/** No original number: one shared, frozen list (extendAncestors only grows non-empty ones). */
const NO_ANCESTORS = Object.freeze([]) as unknown as NumKey[];

/**
 * What both sides share, worked out once per distinct value during one prepare(): a month of
 * 100,000 records has a few thousand suppliers, a few hundred dates and a few dozen places of
 * supply, so the GSTIN, PAN, date parts and state code are computed (and their strings held) once
 * each rather than once per record and document. Local to the call: nothing outlives it.
 */
class Shared {
  private readonly gstins = new Map<string, { gstin: string; pan: string }>();
  private readonly dates = new Map<IsoDate, DateParts>();
  private readonly places = new Map<string, string | null>();

  supplier(raw: string): { gstin: string; pan: string } {
    let v = this.gstins.get(raw);
    if (v === undefined) {
      const gstin = normaliseGstin(raw);
      v = { gstin, pan: panOf(gstin) };
      this.gstins.set(raw, v);
    }
    return v;
  }

  pos(raw: string | null): string | null {
    if (raw === null) return null;
    let v = this.places.get(raw);
    if (v === undefined) {
      v = posCode(raw);
      this.places.set(raw, v);
    }
    return v;
  }

  numKey(text: string, date: RegisterDocument['docDate']): NumKey {
    let parts = this.dates.get(date);
    if (parts === undefined) {
      parts = datePartsOf(date);
      this.dates.set(date, parts);
    }
    return {
      text,
      folded: foldDocNumber(text),
      norm: normaliseDocNumber(text, date),
      conf: null,
      day: parts.day,
      fy: parts.fy,
      month: parts.month,
    };
  }
}

function recOf(r: PortalRecord, i: number, sh: Shared): Rec {
  const own = sh.numKey(r.docNumber, r.docDate);
  const ancestors =
    r.originalDocNumber !== null && r.originalDocNumber.trim() !== ''
      ? [sh.numKey(r.originalDocNumber, r.originalDocDate ?? r.docDate)]
      : NO_ANCESTORS;
  const { gstin, pan } = sh.supplier(r.supplierGstin);
  const info = SECTION_INFO[r.section];
  return {
    i,
    key: r.key,
    gstin,
    pan,
    type: info.docType,
    amendment: info.amendmentOf !== null,
    own,
    ancestors,
    a: r.amounts,
    pos: sh.pos(r.pos),
    src: r,
  };
}

function docOf(d: RegisterDocument, j: number, sh: Shared): Doc {
  const { gstin, pan } = sh.supplier(d.supplierGstin);
  return {
    j,
    ref: d.ref,
    gstin,
    pan,
    type: d.docType,
    own: sh.numKey(d.docNumber, d.docDate),
    a: d.amounts,
    pos: sh.pos(d.pos),
    outside: d.outsideIms ?? null,
    src: d,
  };
}

/** Both sides prepared. Throws UsageError on a duplicate record key or register ref. */
export function prepare(input: ReconcileInput): Prepared {
  // Record key -> index and ref -> index: the duplicate checks and the engine's look-ups in one.
  const sh = new Shared();
  const recByKey = new Map<string, number>();
  const recs: Rec[] = input.records.map((r, i) => {
    if (recByKey.has(r.key)) throw new UsageError(`reconcile: record key "${r.key}" appears twice`);
    recByKey.set(r.key, i);
    return recOf(r, i, sh);
  });
  const docByRef = new Map<string, number>();
  const docs: Doc[] = input.documents.map((d, j) => {
    if (docByRef.has(d.ref))
      throw new UsageError(`reconcile: register ref "${d.ref}" appears twice`);
    docByRef.set(d.ref, j);
    return docOf(d, j, sh);
  });
  followAmendmentChains(recs);
  return { recs, docs, recByKey, docByRef };
}

/** The key under which amendments of one supplier and doc type find each other by number. */
export const chainKey = (r: Rec, folded: string): string =>
  `${r.gstin}\u0000${r.type}\u0000${folded}`;

/** Adds the original's original (and so on) when those amendments are in the input too. */
function followAmendmentChains(recs: Rec[]): void {
  const byNumber = new Map<string, Rec[]>();
  for (const r of recs) {
    if (r.ancestors.length === 0) continue;
    const k = chainKey(r, r.own.folded);
    const l = byNumber.get(k);
    if (l) l.push(r);
    else byNumber.set(k, [r]);
  }
  if (byNumber.size === 0) return;
  for (const r of recs) if (r.ancestors.length > 0) extendAncestors(r, byNumber);
}

function extendAncestors(r: Rec, byNumber: ReadonlyMap<string, Rec[]>): void {
  const seen = new Set<string>([r.own.folded, ...r.ancestors.map((a) => a.folded)]);
  const queue = [...r.ancestors];
  for (let depth = 0; depth < 8 && queue.length > 0; depth++) {
    const next: NumKey[] = [];
    for (const anc of queue) {
      const parents = byNumber.get(chainKey(r, anc.folded)) ?? [];
      for (const p of parents) {
        for (const pa of p.ancestors.slice(0, 1)) {
          if (seen.has(pa.folded)) continue;
          seen.add(pa.folded);
          r.ancestors.push(pa);
          next.push(pa);
        }
      }
    }
    queue.length = 0;
    queue.push(...next);
  }
}
