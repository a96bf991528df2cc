// The values a property test of the SQL views draws a decision's parts from: every action, remarks
// that differ only by being empty or absent, and declarations that differ by one head (the dirty
// and "same as the portal's" tests must tell each of them apart).
import type { Action, ItcReduction, Paise } from '../core/index.js';

export const TEST_ACTIONS: readonly Action[] = ['noAction', 'accept', 'reject', 'pending'];

const p = (x: number) => x as Paise;
export const TEST_REDUCTIONS: readonly (ItcReduction | null)[] = [
  null,
  { kind: 'full' },
  { kind: 'none' },
  { kind: 'partial', igst: p(100), cgst: p(0), sgst: p(0), cess: p(0) },
  { kind: 'partial', igst: p(100), cgst: p(0), sgst: p(0), cess: p(5) },
];

export const TEST_REMARKS: readonly (string | null)[] = [null, '', 'short supply'];
