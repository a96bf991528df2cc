import { describe, expect, it } from 'vitest';
import type { IsoDate } from '../dates.js';
import { gstinCheckChar } from '../gstin.js';
import { BUCKET_CAP } from './block-index.js';
import { mistypedGstins, portalGstinSet, supplierGroups } from './supplier-groups.js';

/** A valid GSTIN of state `st` and PAN `pan` (entity 1). */
const gstin = (st: string, pan: string): string => {
  const first = `${st}${pan}1Z`;
  return first + (gstinCheckChar(first) ?? '');
};
/** `g` with one character of its PAN changed: fails its check character. */
const mistype = (g: string, at: number, c: string): string => g.slice(0, at) + c + g.slice(at + 1);
const D = '2026-10-05' as IsoDate;

describe('supplierGroups', () => {
  const a = gstin('27', 'AAACS1234F');
  const a2 = gstin('29', 'AAACS1234F');
  const b = gstin('27', 'AABCK5678M');
  const c = gstin('07', 'AAACT2727Q');

  it('puts the GSTINs of one PAN together and other PANs apart', () => {
    const g = supplierGroups({ recordGstins: [a, b, c], suspects: [], links: [] });
    expect(g.groupOf(a)).toBe(g.groupOf(a2));
    expect(g.groupOf(a)).not.toBe(g.groupOf(b));
    expect(g.groupOf(b)).not.toBe(g.groupOf(c));
    // As stored: the engine normalises case and spaces before it compares.
    expect(g.groupOf(` ${a.toLowerCase()}`)).toBe(g.groupOf(a));
  });

  it('joins a mistyped books GSTIN with each portal GSTIN one edit away, whatever its PAN', () => {
    const typo = mistype(b, 5, b[5] === 'X' ? 'Y' : 'X');
    expect(mistypedGstins([typo, a2, b], portalGstinSet([a, b, c]))).toEqual(new Set([typo]));
    const g = supplierGroups({
      recordGstins: [a, b, c],
      suspects: [{ supplierGstin: typo, docNumber: 'INV-1', docDate: D }],
      links: [],
    });
    expect(g.groupOf(typo)).toBe(g.groupOf(b));
    expect(g.groupOf(typo)).not.toBe(g.groupOf(c));
    // Transposed neighbours are one edit too.
    const swapped = b.slice(0, 6) + b.charAt(7) + b.charAt(6) + b.slice(8);
    const h = supplierGroups({
      recordGstins: [a, b, c],
      suspects: [{ supplierGstin: swapped, docNumber: 'INV-1', docDate: D }],
      links: [],
    });
    expect(swapped).not.toBe(b);
    expect(h.groupOf(swapped)).toBe(h.groupOf(b));
  });

  it('joins the suspects of a number held by more than BUCKET_CAP of them, and only then', () => {
    // Mistyped GSTINs of PANs of their own (no portal GSTIN one edit away).
    const suspects = (n: number) =>
      Array.from({ length: n }, (_, i) => ({
        supplierGstin: mistype(gstin('27', `ZZZZZ${String(1000 + i)}Z`), 14, '!'),
        docNumber: 'INV-7',
        docDate: D,
      }));
    const over = suspects(BUCKET_CAP + 1);
    const g = supplierGroups({ recordGstins: [a], suspects: over, links: [] });
    expect(new Set(over.map((s) => g.groupOf(s.supplierGstin))).size).toBe(1);
    const under = suspects(BUCKET_CAP);
    const h = supplierGroups({ recordGstins: [a], suspects: under, links: [] });
    expect(new Set(under.map((s) => h.groupOf(s.supplierGstin))).size).toBe(BUCKET_CAP);
  });

  it('joins the two sides of a manual link', () => {
    const g = supplierGroups({ recordGstins: [a, b, c], suspects: [], links: [[a, c]] });
    expect(g.groupOf(a)).toBe(g.groupOf(c));
    expect(g.groupOf(b)).not.toBe(g.groupOf(c));
  });
});
