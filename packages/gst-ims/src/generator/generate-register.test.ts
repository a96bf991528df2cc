import { describe, expect, it } from 'vitest';
import { UsageError } from '../core/errors.js';
import { foldDocNumber } from '../core/normalise-doc-number.js';
import { parseImsDownload } from '../core/parse-ims-download.js';
import { generateImsDownload } from './generate-ims.js';
import { generateRegister } from './generate-register.js';

const RECIPIENT = '27AABCU9603R1ZN';
const ims = generateImsDownload({
  seed: 5,
  count: 4000,
  recipientGstin: RECIPIENT,
  returnPeriod: '102026',
});
const records = parseImsDownload(ims.json, { file: 'generated', gstin: RECIPIENT }).records;

describe('generateRegister', () => {
  const out = generateRegister({ seed: 9, imsJson: ims.json, recipientGstin: RECIPIENT });

  it('is deterministic', () => {
    const again = generateRegister({ seed: 9, imsJson: ims.json, recipientGstin: RECIPIENT });
    expect(JSON.stringify(again)).toBe(JSON.stringify(out));
    const other = generateRegister({ seed: 10, imsJson: ims.json, recipientGstin: RECIPIENT });
    expect(JSON.stringify(other.rows)).not.toBe(JSON.stringify(out.rows));
  });

  it('gives a truth entry for every record and every books row, each once', () => {
    const keys = out.truth.filter((t) => t.recordKey !== null).map((t) => t.recordKey);
    expect(new Set(keys)).toEqual(new Set(records.map((r) => r.key)));
    expect(keys).toHaveLength(records.length);
    const refs = out.truth.filter((t) => t.registerRef !== null).map((t) => t.registerRef);
    expect(new Set(refs).size).toBe(refs.length);
    expect(new Set(refs)).toEqual(new Set(out.rows.map((r) => r.ref)));
    for (const t of out.truth) {
      if (t.recordKey === null) expect(t.expected).toBe('missingInPortal');
      else if (t.registerRef === null) expect(t.expected).toBe('missingInRegister');
      else expect(['exact', 'probable', 'mismatch']).toContain(t.expected);
    }
  });

  it('writes positive amounts and valid rows', () => {
    for (const r of out.rows) {
      expect(r.amounts.taxable).toBeGreaterThanOrEqual(0);
      for (const h of ['igst', 'cgst', 'sgst', 'cess'] as const)
        expect(r.amounts[h]).toBeGreaterThanOrEqual(0);
      expect(r.docDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(r.supplierGstin).toMatch(/^\d{2}[0-9A-Z]{13}$/);
    }
  });

  it('contains every kind of case with plausible shares', () => {
    const count = (e: string): number => out.truth.filter((t) => t.expected === e).length;
    const n = records.length;
    expect(count('exact') / n).toBeGreaterThan(0.7);
    expect(count('probable') / n).toBeGreaterThan(0.05);
    expect(count('mismatch') / n).toBeGreaterThan(0.01);
    expect(count('missingInRegister') / n).toBeGreaterThan(0.02);
    expect(count('missingInPortal') / n).toBeGreaterThan(0.01);
    // Keying differences in the numbers (case, separators, FY, padding).
    const byRef = new Map(out.rows.map((r) => [r.ref, r]));
    const byKey = new Map(records.map((r) => [r.key, r]));
    let caseOnly = 0;
    let otherSpelling = 0;
    for (const t of out.truth) {
      if (t.recordKey === null || t.registerRef === null) continue;
      const a = byKey.get(t.recordKey)!.docNumber;
      const b = byRef.get(t.registerRef)!.docNumber;
      if (a !== b && foldDocNumber(a) === foldDocNumber(b)) caseOnly++;
      else if (foldDocNumber(a) !== foldDocNumber(b)) otherSpelling++;
    }
    expect(caseOnly).toBeGreaterThan(10);
    expect(otherSpelling).toBeGreaterThan(50);
    // Same-amount invoices of one supplier only in the books.
    const onlyBooks = out.rows.filter((r) => r.docNumber.startsWith('OB-'));
    const seen = new Map<string, number>();
    for (const r of onlyBooks) {
      const k = `${r.supplierGstin}|${r.amounts.taxable}`;
      seen.set(k, (seen.get(k) ?? 0) + 1);
    }
    expect([...seen.values()].some((v) => v >= 2)).toBe(true);
    expect(out.rows.some((r) => r.docType === 'creditNote')).toBe(true);
  });

  it('honours the shares and refuses bad ones', () => {
    const none = generateRegister({
      seed: 9,
      imsJson: ims.json,
      recipientGstin: RECIPIENT,
      keyingNoise: 0,
      missingInBooksShare: 0,
      onlyInBooksShare: 0,
    });
    expect(none.truth.filter((t) => t.expected === 'missingInPortal')).toHaveLength(0);
    expect(() =>
      generateRegister({ seed: 1, imsJson: ims.json, recipientGstin: RECIPIENT, keyingNoise: 2 }),
    ).toThrow(UsageError);
  });
});
