import { describe, expect, it } from 'vitest';
import type { IsoDate } from './dates.js';
import {
  DEFAULT_ITC_REDUCTION,
  declarationRequired,
  fitDecision,
  takesDeclaration,
} from './itc-declaration.js';
import type { Paise } from './money.js';
import { parseImsDownload } from './parse-ims-download.js';
import type { Decision, ItcReduction, PortalRecord } from './record.js';
import { recordKey } from './record.js';
import type { Section } from './sections.js';

const p = (n: number) => n as Paise;
function rec(section: Section, o: Partial<PortalRecord> = {}): PortalRecord {
  const docDate = '2026-04-20' as IsoDate;
  return {
    key: recordKey(section, '29AAACR5055K1Z3', 'D-1', docDate),
    section,
    supplierGstin: '29AAACR5055K1Z3',
    supplierName: null,
    docNumber: 'D-1',
    docDate,
    originalDocNumber: null,
    originalDocDate: null,
    invType: 'R',
    srcForm: 'R1',
    returnPeriod: '042026',
    supplierFiled: true,
    pos: '27',
    amounts: {
      value: p(11800),
      taxable: p(10000),
      igst: p(0),
      cgst: p(900),
      sgst: p(900),
      cess: p(0),
    },
    portalAction: 'noAction',
    pendingBlocked: false,
    remarksBlocked: false,
    itcReductionBlocked: false,
    portalRemark: null,
    portalItcReduction: null,
    hash: null,
    extra: {},
    ...o,
  };
}
const accept = (
  itcReduction: ItcReduction | null = null,
  remark: string | null = null,
): Decision => ({ action: 'accept', remark, itcReduction });

describe('which records carry the declaration', () => {
  it('is required on credit notes and ITC-reducing amendments unless blocked; ecoma takes one only if declared', () => {
    for (const s of ['b2bcn', 'b2bcna', 'b2ba', 'b2bdna'] as const) {
      expect(declarationRequired(rec(s))).toBe(true);
      expect(declarationRequired(rec(s, { itcReductionBlocked: true }))).toBe(false);
      expect(takesDeclaration(rec(s, { itcReductionBlocked: true }))).toBe(false);
    }
    for (const s of ['b2b', 'b2bdn', 'ecom'] as const) expect(takesDeclaration(rec(s))).toBe(false);
    expect(takesDeclaration(rec('ecoma'))).toBe(true);
    expect(declarationRequired(rec('ecoma'))).toBe(false);
  });
});

describe('fitDecision', () => {
  it('defaults an Accept of a credit note to a full reduction', () => {
    const out = fitDecision(rec('b2bcn'), accept());
    expect(out).toEqual({ decision: accept(DEFAULT_ITC_REDUCTION), fit: 'defaulted' });
  });
  it('keeps the declaration given, and leaves it off records that take none', () => {
    const none: ItcReduction = { kind: 'none' };
    expect(fitDecision(rec('b2bcna'), accept(none, 'r'))).toEqual({
      decision: accept(none, 'r'),
      fit: 'given',
    });
    expect(fitDecision(rec('b2b'), accept(none))).toEqual({
      decision: accept(),
      fit: 'notApplicable',
    });
    // A mixed selection answered "none" with a remark: the invoice becomes a plain Accept, no remark.
    expect(fitDecision(rec('b2b'), accept(none, 'ITC never availed'))).toEqual({
      decision: accept(),
      fit: 'notApplicable',
    });
    expect(
      fitDecision(rec('b2bcn', { itcReductionBlocked: true }), accept({ kind: 'full' })),
    ).toEqual({ decision: accept(), fit: 'notApplicable' });
    expect(fitDecision(rec('b2b'), accept())).toEqual({ decision: accept(), fit: 'none' });
  });
  it('keeps what the portal holds when it already has the record accepted', () => {
    const held: ItcReduction = {
      kind: 'partial',
      igst: p(0),
      cgst: p(500),
      sgst: p(500),
      cess: p(0),
    };
    expect(
      fitDecision(rec('b2bcn', { portalAction: 'accept', portalItcReduction: held }), accept())
        .decision.itcReduction,
    ).toEqual(held);
    // Accepted before declarations existed: nothing new to send.
    expect(fitDecision(rec('b2bcn', { portalAction: 'accept' }), accept())).toEqual({
      decision: accept(),
      fit: 'kept',
    });
  });
  it('passes Reject, Pending and No Action through untouched', () => {
    for (const action of ['reject', 'pending', 'noAction'] as const) {
      const d: Decision = { action, remark: null, itcReduction: null };
      expect(fitDecision(rec('b2bcn'), d)).toEqual({ decision: d, fit: 'none' });
    }
  });
});

describe('the declaration the portal echoes in a download', () => {
  it('reads "Y" without amounts as full, with amounts as partial, "N" as none, absent as nothing', () => {
    const base = {
      stin: '29AAACR5055K1Z3',
      inv_typ: 'R',
      srcform: 'R1',
      rtnprd: '042026',
      nt_dt: '20-04-2026',
      val: 118,
      pos: '27',
      txval: 100,
      iamt: 0,
      camt: 9,
      samt: 9,
      cess: 0,
      action: 'A',
    };
    const parsed = parseImsDownload(
      {
        b2bcn: [
          { ...base, nt_num: 'F', itcRedReq: 'Y' },
          {
            ...base,
            nt_num: 'P',
            itcRedReq: 'Y',
            declIgst: 0,
            declCgst: 4.5,
            declSgst: 4.5,
            declCess: 0,
            remarks: 'part',
          },
          { ...base, nt_num: 'N', itcRedReq: 'N', remarks: 'never availed' },
          { ...base, nt_num: 'X', action: 'N' },
        ],
      },
      { file: 'ims.json', gstin: '27AABCU9603R1ZN' },
    );
    const by = new Map(parsed.records.map((r) => [r.docNumber, r.portalItcReduction]));
    expect(by.get('F')).toEqual({ kind: 'full' });
    expect(by.get('P')).toEqual({ kind: 'partial', igst: 0, cgst: 450, sgst: 450, cess: 0 });
    expect(by.get('N')).toEqual({ kind: 'none' });
    expect(by.get('X')).toBeNull();
  });
});

describe('indianDateOf', () => {
  it('gives the date in India of a UTC or offset timestamp', async () => {
    const { indianDateOf } = await import('./dates.js');
    expect(indianDateOf('2026-12-07T18:29:59.999Z')).toBe('2026-12-07');
    expect(indianDateOf('2026-12-07T18:30:00.000Z')).toBe('2026-12-08');
    expect(indianDateOf('2026-12-31T20:00:00Z')).toBe('2027-01-01');
    expect(indianDateOf('2026-03-01T00:10:00+05:30')).toBe('2026-03-01');
    expect(indianDateOf('2026-03-01T01:00:00-05:00')).toBe('2026-03-01');
    expect(indianDateOf('not a time')).toBeNull();
  });
});
