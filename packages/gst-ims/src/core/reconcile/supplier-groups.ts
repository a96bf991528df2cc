// Groups of suppliers the engine can be run on one at a time (issue 18, decision 0061): a
// million records need not be matched in one call. Pure.
//
// Every phase pairs within a block: the supplier GSTIN (phases 1, 1b, 2, 4), the PAN (phase 3),
// a books GSTIN one edit from a portal GSTIN (phase 2b, any PAN), or a pair a person linked
// (any two). A group is closed under all of them: the PANs, joined by each typo suspect's
// possible portal GSTINs and by each manual link. The greedy take of a phase over disjoint groups
// is then the union of its takes per group (the order of `better` is total and per pair), so the
// engine per group gives the one run's pairs. Whether a books GSTIN is a typo asks whether any
// portal record has it: one that does lies in that GSTIN's group (same PAN), so the group's
// records answer as all of them would. What does reach across groups is phase 2b's index, which
// holds the suspects of every supplier under one block: a number key held by more than
// BUCKET_CAP suspects is cut to the nearest by date there, so the suspects sharing such a key
// are put in one group (then that group's bucket is the one run's). Groups are packed into
// batches as they come; a batch keeps the one run's relative order of records and documents.
import { normaliseGstin, panOf } from '../gstin.js';
import { foldDocNumber, normaliseDocNumber } from '../normalise-doc-number.js';
import type { IsoDate } from '../dates.js';
import { BUCKET_CAP } from './block-index.js';
import { gstinTypo, mayBeMistyped } from './gstin-typo.js';

/** A books document of a supplier GSTIN that may be mistyped: what phase 2b indexes it by. */
export interface SuspectDocument {
  readonly supplierGstin: string;
  readonly docNumber: string;
  readonly docDate: IsoDate;
}

export interface SupplierGroupsInput {
  /** The supplier GSTINs of the portal records, as stored (repeats allowed). */
  readonly recordGstins: Iterable<string>;
  /** Every books document of a GSTIN `mistypedGstins` names (none needed for the others). */
  readonly suspects: readonly SuspectDocument[];
  /** The supplier GSTINs of each pair a person linked: record's, document's (as stored). */
  readonly links: readonly (readonly [string, string])[];
}

export interface SupplierGroups {
  /** The group of a supplier GSTIN as stored (any GSTIN, known or not): equal numbers, one group. */
  groupOf(gstin: string): number;
}

/** The portal side's GSTINs, normalised. */
export function portalGstinSet(recordGstins: Iterable<string>): Set<string> {
  const out = new Set<string>();
  for (const g of recordGstins) out.add(normaliseGstin(g));
  return out;
}

/**
 * The books GSTINs (as stored) among `documentGstins` that phase 2b may treat as a typo: 15
 * characters once normalised, no portal record's, failing the check character.
 */
export function mistypedGstins(
  documentGstins: Iterable<string>,
  portalGstins: ReadonlySet<string>,
): Set<string> {
  const out = new Set<string>();
  for (const raw of documentGstins) {
    const g = normaliseGstin(raw);
    if (g.length === 15 && mayBeMistyped(g, portalGstins)) out.add(raw);
  }
  return out;
}

/** The 14 forms of a GSTIN with two neighbouring characters blanked: every typo keeps one. */
function masks(g: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < 14; i++) out.push(`${i}:${g.slice(0, i)}${g.slice(i + 2)}`);
  return out;
}

/** Groups closed under every phase's blocks (see the top of this file). */
export function supplierGroups(input: SupplierGroupsInput): SupplierGroups {
  const portalGstins = portalGstinSet(input.recordGstins);
  const parent = new Map<string, string>();
  const find = (x: string): string => {
    let root = x;
    for (let p = parent.get(root); p !== undefined && p !== root; p = parent.get(root)) root = p;
    // Path compression: the next look-up of x is one step.
    for (let y = x, p = parent.get(y); p !== undefined && p !== root; p = parent.get(y)) {
      parent.set(y, root);
      y = p;
    }
    return root;
  };
  const join = (a: string, b: string): void => {
    const ra = find(a);
    const rb = find(b);
    if (ra !== rb) parent.set(ra < rb ? rb : ra, ra < rb ? ra : rb);
  };
  const panOfRaw = (raw: string): string => panOf(normaliseGstin(raw));

  // Phase 2b: each suspect GSTIN with every portal GSTIN one edit away.
  const byMask = new Map<string, string[]>();
  for (const g of portalGstins) {
    if (g.length !== 15) continue;
    for (const m of masks(g)) {
      const l = byMask.get(m);
      if (l) l.push(g);
      else byMask.set(m, [g]);
    }
  }
  const suspectGstins = new Set<string>();
  const holders = new Map<string, Set<string>>();
  const counts = new Map<string, number>();
  // An empty number is in no index (BlockIndex.add).
  const hold = (space: string, number: string, gstin: string): void => {
    if (number === '') return;
    const key = space + number;
    counts.set(key, (counts.get(key) ?? 0) + 1);
    const s = holders.get(key);
    if (s) s.add(gstin);
    else holders.set(key, new Set([gstin]));
  };
  for (const d of input.suspects) {
    const g = normaliseGstin(d.supplierGstin);
    if (!suspectGstins.has(g)) {
      suspectGstins.add(g);
      for (const m of masks(g))
        for (const p of byMask.get(m) ?? []) if (gstinTypo(p, g) !== null) join(panOf(g), panOf(p));
    }
    // The folded and the normalised index are separate: one key space each.
    hold('f:', foldDocNumber(d.docNumber), g);
    hold('n:', normaliseDocNumber(d.docNumber, d.docDate), g);
  }
  for (const [key, n] of counts) {
    if (n <= BUCKET_CAP) continue;
    const [first, ...rest] = [...(holders.get(key) ?? [])];
    if (first !== undefined) for (const g of rest) join(panOf(first), panOf(g));
  }
  for (const [r, d] of input.links) join(panOfRaw(r), panOfRaw(d));

  const ids = new Map<string, number>();
  const byRaw = new Map<string, number>();
  return {
    groupOf(raw: string): number {
      let id = byRaw.get(raw);
      if (id !== undefined) return id;
      const root = find(panOfRaw(raw));
      id = ids.get(root);
      if (id === undefined) ids.set(root, (id = ids.size));
      byRaw.set(raw, id);
      return id;
    },
  };
}
