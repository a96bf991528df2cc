import { describe, expect, it } from 'vitest';
import type { IsoDate } from '../core/dates.js';
import { gstr2bTable4, summaryDifferences } from '../core/gstr2b-totals.js';
import type { Paise } from '../core/money.js';
import { parseGstr2b } from '../core/parse-gstr2b.js';
import { checkExcess, claimedAllOther, parseGstr3b } from '../core/gstr3b.js';
import type { PortalRecord } from '../core/record.js';
import {
  DEMO_EXCESS_BOOKED_ON,
  DEMO_NEXT_PERIOD,
  demoMonth,
  gstr2bFromRecords,
  gstr3bFrom2b,
  registerWithGrnCsv,
} from './generate-gstr2b.js';

const G = '27AABCU9603R1ZN';
function rec(
  key: string,
  section: PortalRecord['section'],
  more: Partial<PortalRecord> & { igst?: number; cgst?: number },
): PortalRecord {
  const igst = (more.igst ?? 0) as Paise;
  const cgst = (more.cgst ?? 0) as Paise;
  return {
    key,
    section,
    supplierGstin: '29AAACR5055K1Z3',
    supplierName: 'Ravi',
    docNumber: key,
    docDate: '2026-10-05' as IsoDate,
    originalDocNumber: null,
    originalDocDate: null,
    invType: 'R',
    srcForm: 'R1',
    returnPeriod: '102026',
    supplierFiled: true,
    pos: '27',
    amounts: { value: 0 as Paise, taxable: 0 as Paise, igst, cgst, sgst: cgst, cess: 0 as Paise },
    portalAction: 'noAction',
    ...more,
  } as PortalRecord;
}

describe('GSTR-2B and 3B from records', () => {
  const records = [
    rec('A', 'b2b', { igst: 1800_00 }), // counted
    rec('B', 'b2b', { igst: 900_00, portalAction: 'accept' }), // counted
    rec('C', 'b2b', { igst: 500_00, portalAction: 'reject' }), // docRejdata
    rec('D', 'b2b', { igst: 700_00, portalAction: 'pending' }), // nowhere
    rec('E', 'b2b', { igst: 300_00, supplierFiled: false }), // nowhere: not filed
    rec('F', 'b2bcn', { cgst: 100_00 }), // a credit note: cdnr, reduces
    rec('G', 'b2b', { igst: 50_00, returnPeriod: '092026' }), // another period
  ];

  it('counts what the portal counts, with an itcsumm that agrees with its documents', () => {
    const json = gstr2bFromRecords({
      gstin: G,
      period: '102026',
      generatedOn: '2026-11-14' as IsoDate,
      records,
      actionOf: (r) => (r.key === 'C' ? 'noAction' : r.portalAction),
    });
    const twoB = parseGstr2b(json, 't');
    const list = (l: string) =>
      twoB.documents
        .filter((d) => d.list === l)
        .map((d) => d.docNumber)
        .sort();
    expect(list('docdata')).toEqual(['A', 'B', 'C', 'F']);
    expect(list('docRejdata')).toEqual([]);
    expect(twoB.documents.find((d) => d.docNumber === 'F')).toMatchObject({
      section: 'cdnr',
      docType: 'creditNote',
    });
    expect(summaryDifferences(twoB)).toEqual([]);
    // 1,800 + 900 + 500 IGST; CGST and SGST 100 each taken away by the credit note.
    expect(gstr2bTable4(twoB).allOther).toEqual({
      igst: 3200_00,
      cgst: -100_00,
      sgst: -100_00,
      cess: 0,
    });
    const plain = parseGstr2b(
      gstr2bFromRecords({
        gstin: G,
        period: '102026',
        generatedOn: '2026-11-14' as IsoDate,
        records,
      }),
      't',
    );
    expect(plain.documents.filter((d) => d.list === 'docRejdata').map((d) => d.docNumber)).toEqual([
      'C',
    ]);
  });

  it('a 3B claiming more than the 2B shows exactly that excess', () => {
    const t4 = gstr2bTable4(
      parseGstr2b(
        gstr2bFromRecords({
          gstin: G,
          period: '102026',
          generatedOn: '2026-11-14' as IsoDate,
          records,
        }),
        't',
      ),
    );
    const threeB = parseGstr3b(
      gstr3bFrom2b({
        gstin: G,
        period: '102026',
        table4: t4,
        claimedAbove2b: {
          igst: 0 as Paise,
          cgst: 3537_29 as Paise,
          sgst: 3537_29 as Paise,
          cess: 0 as Paise,
        },
      }),
      't',
    );
    const c = checkExcess(claimedAllOther(threeB.table4), t4.allOther);
    expect(c.excess).toEqual({ igst: 0, cgst: 3537_29, sgst: 3537_29, cess: 0 });
    expect(c.excessTotal).toBe(7074_58);
  });
});

describe('the demo month', () => {
  const m = demoMonth();

  it('is deterministic', () => {
    expect(JSON.stringify(demoMonth().november3b)).toBe(JSON.stringify(m.november3b));
  });

  it("October's 2B still counts the two invoices rejected after it was generated", () => {
    const oct = parseGstr2b(m.october2b, 'oct');
    expect(m.rejectedAfter2b).toHaveLength(2);
    for (const key of m.rejectedAfter2b) {
      const number = key.split('|')[2];
      expect(oct.documents.filter((d) => d.docNumber === number).map((d) => d.list)).toEqual([
        'docdata',
      ]);
    }
    expect(summaryDifferences(oct)).toEqual([]);
  });

  it("November's download holds return period 11/2026 only", () => {
    const det = m.novemberDownload.imsDetails as Record<string, { rtnprd: string }[]>;
    const periods = new Set(
      Object.values(det)
        .flat()
        .map((e) => e.rtnprd),
    );
    expect([...periods]).toEqual([DEMO_NEXT_PERIOD]);
  });

  it("November's 3B exceeds its 2B by the October invoice booked on 3 November, and nothing else", () => {
    const t4 = gstr2bTable4(parseGstr2b(m.november2b, 'nov'));
    const c = checkExcess(claimedAllOther(parseGstr3b(m.november3b, 'nov3b').table4), t4.allOther);
    const a = m.excessRecord.amounts;
    expect(c.excessTotal).toBe(a.igst + a.cgst + a.sgst + a.cess);
    expect(m.excessRecord).toMatchObject({
      section: 'b2b',
      returnPeriod: '102026',
      portalAction: 'noAction',
      supplierFiled: true,
    });
    expect(
      m.register.filter((d) => d.receivedDate !== null).map((d) => [d.docNumber, d.receivedDate]),
    ).toEqual([[m.excessRecord.docNumber, DEMO_EXCESS_BOOKED_ON]]);
    expect(t4.imports.igst).toBe(45000_00);
  });

  it('writes the GRN date as a column of the Tally register', () => {
    const csv = registerWithGrnCsv(m.register, 'Demo', 'period').split('\r\n');
    expect(csv[4]?.endsWith(',GRN Date')).toBe(true);
    expect(csv.filter((l) => l.endsWith(',03-11-2026'))).toHaveLength(1);
  });
});
