// Totals of a GSTR-2B: the portal's own `itcsumm` when the file has it, else computed from the
// documents the way ims-formats.md §6.3 describes, and the lines GSTR-3B Table 4 takes from them
// (gstr2b-gstr3b.md §5).
import type { Paise } from './money.js';
import type { Gstr2b, Gstr2bBucket, Gstr2bDocument, Gstr2bGroup, Heads } from './parse-gstr2b.js';
import { GSTR2B_BUCKETS, GSTR2B_GROUPS } from './parse-gstr2b.js';
import type { TaxHead } from './record.js';
import { TAX_HEADS } from './record.js';

export const ZERO_HEADS: Heads = {
  igst: 0 as Paise,
  cgst: 0 as Paise,
  sgst: 0 as Paise,
  cess: 0 as Paise,
};

export function addHeads(a: Heads, b: Heads, sign = 1): Heads {
  const out = {} as Record<TaxHead, Paise>;
  for (const h of TAX_HEADS) out[h] = (a[h] + sign * b[h]) as Paise;
  return out;
}

export const headsTotal = (h: Heads): Paise => (h.igst + h.cgst + h.sgst + h.cess) as Paise;

/** The summary bucket of a document (ims-formats.md §6.3, "Computing the summary"). */
export function bucketOf(d: Gstr2bDocument): Gstr2bBucket {
  if (d.list === 'docRejdata') return 'itcRejected';
  if (d.list === 'itcrev') return 'itcrev';
  return d.itcAvailable === 'N' ? 'itcunavl' : 'itcavl';
}

/** The summary group of a document: credit notes (ISD ones too) reduce ITC in othersup. */
export function groupOf(d: Gstr2bDocument): Gstr2bGroup {
  if (d.docType === 'creditNote' || d.docType === 'isdCreditNote') return 'othersup';
  if (d.reverseCharge) return 'revsup';
  if (d.section === 'isd' || d.section === 'isda') return 'isdsup';
  if (d.section === 'impg' || d.section === 'impgsez') return 'imports';
  return 'nonrevsup';
}

/** A summary child key (itcsumm's names): cdnr credit notes under reverse charge are cdnrrev. */
function childOf(d: Gstr2bDocument): string {
  if (groupOf(d) === 'othersup' && d.reverseCharge)
    return d.section === 'cdnra' ? 'cdnrarev' : 'cdnrrev';
  return d.section;
}

export type ComputedSummary = Record<
  Gstr2bBucket,
  Record<Gstr2bGroup, Heads & { children: Record<string, Heads> }>
>;

export function summaryFromDocuments(docs: readonly Gstr2bDocument[]): ComputedSummary {
  const out = {} as ComputedSummary;
  for (const b of GSTR2B_BUCKETS) {
    out[b] = {} as ComputedSummary[Gstr2bBucket];
    for (const g of GSTR2B_GROUPS) out[b][g] = { ...ZERO_HEADS, children: {} };
  }
  for (const d of docs) {
    const g = out[bucketOf(d)][groupOf(d)];
    const child = childOf(d);
    Object.assign(g, addHeads(g, d.tax));
    g.children[child] = addHeads(g.children[child] ?? ZERO_HEADS, d.tax);
  }
  return out;
}

/** The 2B lines of GSTR-3B Table 4 (gstr2b-gstr3b.md §5), from itcsumm when present. */
export interface Gstr2bTable4 {
  readonly source: 'summary' | 'documents';
  /** 4(A)(5) all other ITC: itcavl.nonrevsup less credit notes (othersup cdnr, cdnra). */
  readonly allOther: Heads;
  /** 4(A)(1) imports: itcavl.imports. */
  readonly imports: Heads;
  /** 4(A)(3) reverse charge: itcavl.revsup less reverse-charge credit notes. */
  readonly reverseCharge: Heads;
  /** 4(A)(4) ISD: itcavl.isdsup less ISD credit notes. */
  readonly isd: Heads;
  /** 4(B)(2) rule 37A: itcrev, all groups (reversals; credit notes among them count against). */
  readonly rule37a: Heads;
  /** Not available (4(D)(2)) and rejected, for information. */
  readonly notAvailable: Heads;
  readonly rejected: Heads;
}

type GroupLike = Heads & { readonly children: Readonly<Record<string, Heads>> };

function group(s: Partial<Record<Gstr2bGroup, GroupLike>> | undefined, g: Gstr2bGroup): GroupLike {
  return s?.[g] ?? { ...ZERO_HEADS, children: {} };
}

function children(g: GroupLike, keys: readonly string[]): Heads {
  return keys.reduce((acc, k) => addHeads(acc, g.children[k] ?? ZERO_HEADS), ZERO_HEADS);
}

function allGroups(s: Partial<Record<Gstr2bGroup, GroupLike>> | undefined): Heads {
  let total = ZERO_HEADS;
  for (const g of GSTR2B_GROUPS) total = addHeads(total, group(s, g), g === 'othersup' ? -1 : 1);
  return total;
}

export function gstr2bTable4(twoB: Gstr2b): Gstr2bTable4 {
  const s = twoB.summary ?? summaryFromDocuments(twoB.documents);
  const avl = s.itcavl;
  const other = group(avl, 'othersup');
  return {
    source: twoB.summary === null ? 'documents' : 'summary',
    allOther: addHeads(group(avl, 'nonrevsup'), children(other, ['cdnr', 'cdnra']), -1),
    imports: group(avl, 'imports'),
    reverseCharge: addHeads(group(avl, 'revsup'), children(other, ['cdnrrev', 'cdnrarev']), -1),
    isd: addHeads(group(avl, 'isdsup'), children(other, ['isd', 'isda']), -1),
    rule37a: allGroups(s.itcrev),
    notAvailable: allGroups(s.itcunavl),
    rejected: allGroups(s.itcRejected),
  };
}

/** Where the file's itcsumm and the sum of its documents disagree, per bucket, group and head. */
export function summaryDifferences(
  twoB: Gstr2b,
): { bucket: Gstr2bBucket; group: Gstr2bGroup; head: TaxHead; summary: Paise; documents: Paise }[] {
  if (twoB.summary === null) return [];
  const computed = summaryFromDocuments(twoB.documents);
  const out: {
    bucket: Gstr2bBucket;
    group: Gstr2bGroup;
    head: TaxHead;
    summary: Paise;
    documents: Paise;
  }[] = [];
  for (const b of GSTR2B_BUCKETS) {
    const given = twoB.summary[b];
    if (given === undefined) continue;
    for (const g of GSTR2B_GROUPS) {
      const sg = given[g] ?? ZERO_HEADS;
      for (const h of TAX_HEADS)
        if (sg[h] !== computed[b][g][h])
          out.push({ bucket: b, group: g, head: h, summary: sg[h], documents: computed[b][g][h] });
    }
  }
  return out;
}
