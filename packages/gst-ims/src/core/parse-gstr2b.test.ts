import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { gstr2bTable4, summaryDifferences, summaryFromDocuments } from './gstr2b-totals.js';
import { mergeGstr2b, parseGstr2b } from './parse-gstr2b.js';

const REPO = resolve(__dirname, '../../../..');
const OWN = join(REPO, 'tests/fixtures/gstr2b');
const IC = resolve(REPO, '../shared/fixtures/public/india-compliance');
const read = (f: string): unknown => JSON.parse(readFileSync(f, 'utf8'));

describe('parseGstr2b on our fixtures', () => {
  const nov = parseGstr2b(read(join(OWN, 'gstr2b-112026.json')), 'nov.json');

  it('reads every section, flags and amounts in paise', () => {
    expect(nov.period).toBe('112026');
    expect(nov.documents.map((d) => [d.list, d.section, d.docType, d.docNumber])).toEqual([
      ['docdata', 'b2b', 'invoice', 'NOV-0001'],
      ['docdata', 'b2b', 'invoice', 'RCM-0009'],
      ['docdata', 'isd', 'isdInvoice', 'ISD-11'],
      ['docdata', 'impg', 'billOfEntry', '7654321'],
      ['docRejdata', 'b2b', 'invoice', 'NOV-0002'],
    ]);
    expect(nov.documents[1]?.reverseCharge).toBe(true);
    expect(nov.documents[3]).toMatchObject({
      supplierGstin: null,
      portCode: 'INNSA1',
      tax: { igst: 100000 },
    });
  });

  it('its itcsumm agrees with its documents, and gives the Table-4 lines', () => {
    expect(summaryDifferences(nov)).toEqual([]);
    const t = gstr2bTable4(nov);
    expect(t.source).toBe('summary');
    expect(t.allOther).toEqual({ igst: 0, cgst: 900000, sgst: 900000, cess: 0 });
    expect(t.reverseCharge.igst).toBe(50000);
    expect(t.imports.igst).toBe(100000);
    expect(t.isd).toEqual({ igst: 0, cgst: 10000, sgst: 10000, cess: 0 });
    expect(t.rejected.igst).toBe(540000);
  });

  it('joins the files of a multi-file 2B and refuses a missing one', () => {
    const p1 = {
      file: 'p1.json',
      twoB: parseGstr2b(read(join(OWN, 'gstr2b-102026-part1.json')), 'p1.json'),
    };
    const p2 = {
      file: 'p2.json',
      twoB: parseGstr2b(read(join(OWN, 'gstr2b-102026-part2.json')), 'p2.json'),
    };
    expect(p1.twoB.documents[0]?.tax).toEqual({ igst: 0, cgst: 353729, sgst: 353729, cess: 0 }); // v3 items summed
    expect(mergeGstr2b([p1, p2]).documents).toHaveLength(1);
    expect(() => mergeGstr2b([p1])).toThrow(/2 files/);
    expect(() => mergeGstr2b([p1, { file: 'nov.json', twoB: nov }])).toThrow(/one 2B at a time/);
  });

  it('refuses what it cannot read, with the JSON path', () => {
    expect(() => parseGstr2b({ gstinx: 1 }, 'x.json')).toThrow(/not a GSTR-2B/);
    expect(() => parseGstr2b({ gstin: 'G', rtnprd: '132026' }, 'x.json')).toThrow(/rtnprd/);
    expect(() =>
      parseGstr2b(
        {
          gstin: 'G',
          rtnprd: '112026',
          docdata: { b2b: [{ ctin: 'C', inv: [{ inum: '1', dt: '01-11-2026', igst: 'x' }] }] },
        },
        'x.json',
      ),
    ).toThrow(/data\.docdata\.b2b\[0\]\.inv\[0\]\.igst/);
  });

  it('lists an unknown section as a warning instead of dropping it silently', () => {
    const r = parseGstr2b({ gstin: 'G', rtnprd: '112026', docdata: { newsec: [] } }, 'x.json');
    expect(r.warnings.map((w) => w.code)).toEqual(['GSTR2B_UNKNOWN_SECTION']);
  });
});

describe.runIf(existsSync(IC))('parseGstr2b on the shared india-compliance samples', () => {
  it('reads the v3 sample (items) and the v4 sample (flat, docRejdata, itcrev, ecom)', () => {
    const v3 = parseGstr2b(read(join(IC, 'test_gstr_2b.json')), 'v3');
    const v4 = parseGstr2b(read(join(IC, 'test_gstr_2b_v4_0.json')), 'v4');
    expect(v3.documents.find((d) => d.section === 'b2b')?.tax).toEqual({
      igst: 0,
      cgst: 20000,
      sgst: 20000,
      cess: 0,
    });
    expect(v4.documents.find((d) => d.section === 'b2b')?.tax.igst).toBe(18300);
    expect(new Set(v4.documents.map((d) => d.list))).toEqual(
      new Set(['docdata', 'docRejdata', 'itcrev']),
    );
    expect(v4.summary?.itcRejected).toBeDefined();
    // The samples are not self-consistent (SOURCES.md): the differences are reported, not hidden.
    expect(summaryDifferences(v4).length).toBeGreaterThan(0);
    expect(summaryFromDocuments(v4.documents).itcavl.isdsup.cgst).toBeGreaterThan(0);
  });
});
