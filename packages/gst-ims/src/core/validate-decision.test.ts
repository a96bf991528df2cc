import { describe, expect, it } from 'vitest';
import type { IsoDate } from './dates.js';
import { hasErrors } from './issue.js';
import type { Paise } from './money.js';
import { recordKey } from './record.js';
import type { Amounts, Decision, ItcReduction, PortalRecord } from './record.js';
import type { Section } from './sections.js';
import {
  DECISION_RULE_CODES,
  DECISION_RULE_SEVERITY,
  REMARK_MAX_LENGTH,
  decisionEquals,
  isDirty,
  validateDecision,
} from './validate-decision.js';

const p = (n: number): Paise => n as Paise;

function amounts(a: Partial<Record<keyof Amounts, number>> = {}): Amounts {
  return {
    value: p(a.value ?? 118000),
    taxable: p(a.taxable ?? 100000),
    igst: p(a.igst ?? 0),
    cgst: p(a.cgst ?? 9000),
    sgst: p(a.sgst ?? 9000),
    cess: p(a.cess ?? 0),
  };
}

function makeRecord(
  o: Partial<Omit<PortalRecord, 'amounts'>> & {
    amounts?: Partial<Record<keyof Amounts, number>>;
  } = {},
): PortalRecord {
  const section: Section = o.section ?? 'b2bcn';
  const supplierGstin = o.supplierGstin ?? '29AAACR5055K1Z3';
  const docNumber = o.docNumber ?? 'CN-7';
  const docDate = o.docDate ?? ('2026-04-20' as IsoDate);
  return {
    key: o.key ?? recordKey(section, supplierGstin, docNumber, docDate),
    section,
    supplierGstin,
    supplierName: o.supplierName ?? 'Raman Traders',
    docNumber,
    docDate,
    originalDocNumber: o.originalDocNumber ?? null,
    originalDocDate: o.originalDocDate ?? null,
    invType: 'R',
    srcForm: 'R1',
    returnPeriod: '042026',
    supplierFiled: o.supplierFiled === undefined ? true : o.supplierFiled,
    pos: '27',
    amounts: amounts(o.amounts),
    portalAction: o.portalAction ?? 'noAction',
    pendingBlocked: o.pendingBlocked ?? false,
    remarksBlocked: o.remarksBlocked ?? false,
    itcReductionBlocked: o.itcReductionBlocked ?? false,
    portalRemark: o.portalRemark ?? null,
    portalItcReduction: o.portalItcReduction ?? null,
    hash: null,
    extra: {},
  };
}

const d = (
  action: Decision['action'],
  remark: string | null = null,
  itcReduction: ItcReduction | null = null,
): Decision => ({
  action,
  remark,
  itcReduction,
});
const partial = (igst: number, cgst: number, sgst: number, cess: number): ItcReduction => ({
  kind: 'partial',
  igst: p(igst),
  cgst: p(cgst),
  sgst: p(sgst),
  cess: p(cess),
});
const FULL: ItcReduction = { kind: 'full' };
const codes = (
  r: PortalRecord,
  dec: Decision,
  ctx?: { gone?: boolean; today?: IsoDate },
): string[] => validateDecision(r, dec, ctx).map((i) => i.code);

describe('rule code catalogue', () => {
  it('lists a description and a severity for every code', () => {
    expect(Object.keys(DECISION_RULE_SEVERITY).sort()).toEqual(
      Object.keys(DECISION_RULE_CODES).sort(),
    );
    for (const text of Object.values(DECISION_RULE_CODES)) expect(text.length).toBeGreaterThan(10);
    expect(DECISION_RULE_SEVERITY.SUPPLIER_RETURN_NOT_FILED).toBe('warning');
    expect(REMARK_MAX_LENGTH).toBe(250);
  });
});

describe('validateDecision: plain valid decisions', () => {
  it('accepts every action on an unrestricted record without issues', () => {
    const r = makeRecord();
    for (const a of ['reject', 'pending', 'noAction'] as const) expect(codes(r, d(a))).toEqual([]);
    // A credit note's Accept carries the declaration (full here); see ITC_REDUCTION_REQUIRED.
    expect(codes(r, d('accept', null, FULL))).toEqual([]);
  });
});

describe('RECORD_GONE', () => {
  it('allows a reset on a gone record: it drops a decision that can no longer be uploaded', () => {
    expect(codes(makeRecord({ pendingBlocked: true }), d('noAction'), { gone: true })).toEqual([]);
  });
  it('refuses any other decision on a gone record, and only with that code', () => {
    const r = makeRecord({ pendingBlocked: true });
    for (const a of ['accept', 'reject', 'pending'] as const) {
      const issues = validateDecision(r, d(a), { gone: true });
      expect(issues.map((i) => i.code)).toEqual(['RECORD_GONE']);
      expect(issues[0]?.severity).toBe('error');
      expect(issues[0]?.recordKey).toBe(r.key);
      expect(issues[0]?.message).toContain(r.key);
    }
  });
  it('is not raised when gone is false or absent', () => {
    expect(codes(makeRecord(), d('accept', null, FULL), { gone: false })).toEqual([]);
    expect(codes(makeRecord(), d('accept', null, FULL), {})).toEqual([]);
  });
});

describe('PENDING_BLOCKED', () => {
  it('refuses Pending where blocked', () => {
    const issues = validateDecision(makeRecord({ pendingBlocked: true }), d('pending'));
    expect(issues.map((i) => i.code)).toEqual(['PENDING_BLOCKED']);
    expect(issues[0]?.field).toBe('action');
    expect(issues[0]?.message).toMatch(/Pending is not allowed/);
  });
  it('allows Pending where not blocked, and other actions where blocked', () => {
    expect(codes(makeRecord({ pendingBlocked: false }), d('pending'))).toEqual([]);
    expect(codes(makeRecord({ pendingBlocked: true }), d('accept', null, FULL))).toEqual([]);
    expect(codes(makeRecord({ pendingBlocked: true }), d('reject'))).toEqual([]);
  });
});

describe('remarks', () => {
  it('REMARK_BLOCKED: refuses a remark where the portal blocks remarks', () => {
    const issues = validateDecision(
      makeRecord({ remarksBlocked: true }),
      d('reject', 'wrong rate'),
    );
    expect(issues.map((i) => i.code)).toEqual(['REMARK_BLOCKED']);
    expect(issues[0]?.message).toContain('"wrong rate"');
    expect(codes(makeRecord({ remarksBlocked: false }), d('reject', 'wrong rate'))).toEqual([]);
    expect(codes(makeRecord({ remarksBlocked: true }), d('reject'))).toEqual([]);
    expect(codes(makeRecord({ remarksBlocked: true }), d('reject', ''))).toEqual([]);
  });

  it('allows remarks with Reject and Pending', () => {
    expect(codes(makeRecord(), d('reject', 'not received'))).toEqual([]);
    expect(codes(makeRecord(), d('pending', 'awaiting goods'))).toEqual([]);
  });

  it('REMARK_NOT_ALLOWED_ON_ACCEPT: plain Accept and Accept with a full declaration', () => {
    expect(codes(makeRecord({ section: 'b2b' }), d('accept', 'ok'))).toEqual([
      'REMARK_NOT_ALLOWED_ON_ACCEPT',
    ]);
    const full = validateDecision(makeRecord(), d('accept', 'ok', { kind: 'full' }));
    expect(full.map((i) => i.code)).toEqual(['REMARK_NOT_ALLOWED_ON_ACCEPT']);
    expect(full[0]?.message).toMatch(/full ITC reduction/);
  });

  it('allows a remark with Accept declaring a partial or nil reduction', () => {
    expect(
      codes(makeRecord(), d('accept', 'ITC availed only partly', partial(0, 4500, 4500, 0))),
    ).toEqual([]);
    expect(codes(makeRecord(), d('accept', 'ITC never availed', { kind: 'none' }))).toEqual([]);
  });

  it('REMARK_NOT_ALLOWED_ON_RESET: a remark with No Action', () => {
    expect(codes(makeRecord({ portalAction: 'accept' }), d('noAction', 'undo'))).toEqual([
      'REMARK_NOT_ALLOWED_ON_RESET',
    ]);
    expect(codes(makeRecord({ portalAction: 'accept' }), d('noAction'))).toEqual([]);
  });

  it('REMARK_TOO_LONG: 250 characters allowed, 251 refused; characters, not bytes', () => {
    expect(codes(makeRecord(), d('reject', 'x'.repeat(250)))).toEqual([]);
    const long = validateDecision(makeRecord(), d('reject', 'x'.repeat(251)));
    expect(long.map((i) => i.code)).toEqual(['REMARK_TOO_LONG']);
    expect(long[0]?.message).toContain('251 characters');
    expect(long[0]?.message).toContain('250');
    // Devanagari (3 UTF-8 bytes each) and an astral emoji (2 UTF-16 units): counted as characters.
    expect(codes(makeRecord(), d('reject', 'क'.repeat(250)))).toEqual([]);
    expect(codes(makeRecord(), d('reject', '😀'.repeat(250)))).toEqual([]);
    expect(codes(makeRecord(), d('reject', '😀'.repeat(251)))).toEqual(['REMARK_TOO_LONG']);
  });

  it('REMARK_INVALID_CHARS: tab, newline, CR refused; ordinary punctuation allowed', () => {
    for (const bad of ['a\tb', 'line1\nline2', 'a\rb', 'a\u0000b']) {
      expect(codes(makeRecord(), d('reject', bad))).toEqual(['REMARK_INVALID_CHARS']);
    }
    const issues = validateDecision(makeRecord(), d('reject', 'ab\ncd'));
    expect(issues[0]?.message).toContain('line feed');
    expect(issues[0]?.message).toContain('character 3');
    expect(
      codes(makeRecord(), d('reject', 'Rate 18% vs 12%; qty (5) short - see PO#12/2026, "urgent"')),
    ).toEqual([]);
  });

  it('does not pile length and character findings onto a refused remark', () => {
    expect(codes(makeRecord({ section: 'b2b' }), d('accept', 'x\n'.repeat(200)))).toEqual([
      'REMARK_NOT_ALLOWED_ON_ACCEPT',
    ]);
  });

  it('REMARK_REQUIRED: partial or nil declaration without a remark', () => {
    expect(codes(makeRecord(), d('accept', null, partial(0, 100, 100, 0)))).toEqual([
      'REMARK_REQUIRED',
    ]);
    expect(codes(makeRecord(), d('accept', null, { kind: 'none' }))).toEqual(['REMARK_REQUIRED']);
    const blank = validateDecision(makeRecord(), d('accept', '   ', { kind: 'none' }));
    expect(blank.map((i) => i.code)).toEqual(['REMARK_REQUIRED']);
    expect(blank[0]?.message).toMatch(/blank/);
  });

  it('no REMARK_REQUIRED for a full declaration, or where remarks are blocked', () => {
    expect(codes(makeRecord(), d('accept', null, { kind: 'full' }))).toEqual([]);
    expect(
      codes(makeRecord({ remarksBlocked: true }), d('accept', null, { kind: 'none' })),
    ).toEqual([]);
  });
});

describe('ITC-reduction declaration', () => {
  it('ITC_REDUCTION_NOT_ALLOWED on sections without declarations', () => {
    for (const section of ['b2b', 'b2bdn', 'ecom'] as const) {
      const issues = validateDecision(makeRecord({ section }), d('accept', null, { kind: 'full' }));
      expect(issues.map((i) => i.code)).toEqual(['ITC_REDUCTION_NOT_ALLOWED']);
      expect(issues[0]?.message).toContain(`section ${section}`);
    }
  });

  it('allows declarations on every section that takes them', () => {
    for (const section of ['b2ba', 'b2bdna', 'b2bcn', 'b2bcna', 'ecoma'] as const) {
      expect(codes(makeRecord({ section }), d('accept', null, { kind: 'full' }))).toEqual([]);
    }
  });

  it('ITC_REDUCTION_NOT_ALLOWED where the record blocks it', () => {
    const issues = validateDecision(
      makeRecord({ itcReductionBlocked: true }),
      d('accept', null, { kind: 'full' }),
    );
    expect(issues.map((i) => i.code)).toEqual(['ITC_REDUCTION_NOT_ALLOWED']);
    expect(issues[0]?.message).toMatch(/blocks the declaration/);
  });

  it('ITC_REDUCTION_NOT_ALLOWED on actions other than Accept, naming the action', () => {
    for (const [action, label] of [
      ['reject', 'Rejected'],
      ['pending', 'Pending'],
      ['noAction', 'No Action'],
    ] as const) {
      const issues = validateDecision(makeRecord(), d(action, null, { kind: 'full' }));
      expect(issues.map((i) => i.code)).toEqual(['ITC_REDUCTION_NOT_ALLOWED']);
      expect(issues[0]?.message).toContain(`not with ${label}`);
    }
  });

  it('names every reason at once, and skips amount checks on a refused declaration', () => {
    const issues = validateDecision(
      makeRecord({ section: 'b2b', itcReductionBlocked: true }),
      d('reject', 'x', partial(-1, 99999, 1, 0)),
    );
    expect(issues.map((i) => i.code)).toEqual(['ITC_REDUCTION_NOT_ALLOWED']);
    expect(issues[0]?.message).toMatch(/only with Accept.*section b2b.*blocks/);
  });

  it('ITC_REDUCTION_NEGATIVE', () => {
    const issues = validateDecision(
      makeRecord({ amounts: { igst: 1000, cgst: 0, sgst: 0 } }),
      d('accept', 'r', partial(-5, 0, 0, 0)),
    );
    expect(issues.map((i) => i.code)).toEqual(['ITC_REDUCTION_NEGATIVE']);
    expect(issues[0]?.field).toBe('itcReduction.igst');
    expect(issues[0]?.message).toContain('-0.05');
    expect(
      codes(
        makeRecord({ amounts: { igst: 1000, cgst: 0, sgst: 0 } }),
        d('accept', 'r', partial(0, 0, 0, 0)),
      ),
    ).toEqual([]);
  });

  it('ITC_REDUCTION_EXCEEDS_TAX: equal to the tax allowed, one paisa above refused', () => {
    const r = makeRecord({ amounts: { igst: 0, cgst: 100000, sgst: 100000, cess: 2500 } });
    expect(codes(r, d('accept', 'r', partial(0, 100000, 100000, 2500)))).toEqual([]);
    const issues = validateDecision(r, d('accept', 'r', partial(0, 100000, 100000, 2501)));
    expect(issues.map((i) => i.code)).toEqual(['ITC_REDUCTION_EXCEEDS_TAX']);
    expect(issues[0]?.field).toBe('itcReduction.cess');
    expect(issues[0]?.message).toContain('cess');
    expect(issues[0]?.message).toContain('25.01');
    expect(issues[0]?.message).toContain('25.00');
    // IGST declared on a CGST/SGST document exceeds its zero IGST.
    const igst = validateDecision(r, d('accept', 'r', partial(1, 0, 0, 0)));
    expect(igst.map((i) => i.code)).toEqual(['ITC_REDUCTION_EXCEEDS_TAX']);
    expect(igst[0]?.message).toMatch(
      /IGST reduction of Rs 0\.01 exceeds the document's IGST of Rs 0\.00/,
    );
  });

  it('ITC_REDUCTION_CGST_SGST_UNEQUAL: 10/10 allowed, 10/11 refused', () => {
    const r = makeRecord({ amounts: { cgst: 9000, sgst: 9000 } });
    expect(codes(r, d('accept', 'r', partial(0, 1000, 1000, 0)))).toEqual([]);
    const issues = validateDecision(r, d('accept', 'r', partial(0, 1000, 1100, 0)));
    expect(issues.map((i) => i.code)).toEqual(['ITC_REDUCTION_CGST_SGST_UNEQUAL']);
    expect(issues[0]?.message).toContain('10.00');
    expect(issues[0]?.message).toContain('11.00');
  });

  it('ITC_REDUCTION_INVALID_AMOUNT for a fractional paisa', () => {
    expect(codes(makeRecord(), d('accept', 'r', partial(0, 10.5, 10.5, 0)))).toEqual([
      'ITC_REDUCTION_INVALID_AMOUNT',
      'ITC_REDUCTION_INVALID_AMOUNT',
    ]);
  });
});

describe('SUPPLIER_RETURN_NOT_FILED', () => {
  it('warns (not errors) when accepting a record whose supplier has not filed', () => {
    const issues = validateDecision(makeRecord({ supplierFiled: false }), d('accept', null, FULL));
    expect(issues.map((i) => i.code)).toEqual(['SUPPLIER_RETURN_NOT_FILED']);
    expect(issues[0]?.severity).toBe('warning');
    expect(issues[0]?.message).toMatch(/Pending/);
    expect(hasErrors(issues)).toBe(false);
  });
  it('is silent when filed, unknown, or not accepting', () => {
    expect(codes(makeRecord({ supplierFiled: true }), d('accept', null, FULL))).toEqual([]);
    expect(codes(makeRecord({ supplierFiled: null }), d('accept', null, FULL))).toEqual([]);
    expect(codes(makeRecord({ supplierFiled: false }), d('pending'))).toEqual([]);
    expect(codes(makeRecord({ supplierFiled: false }), d('reject'))).toEqual([]);
  });
});

describe('NOT_IN_BOOKS', () => {
  it('warns on Accept when the last reconciliation found the record missing in the books; silent otherwise', () => {
    const issues = validateDecision(makeRecord({}), d('accept', null, FULL), { inBooks: false });
    expect(issues.map((i) => [i.code, i.severity])).toEqual([['NOT_IN_BOOKS', 'warning']]);
    expect(validateDecision(makeRecord({}), d('accept', null, FULL), { inBooks: true })).toEqual(
      [],
    );
    expect(validateDecision(makeRecord({}), d('accept', null, FULL), { inBooks: null })).toEqual(
      [],
    );
    expect(validateDecision(makeRecord({}), d('reject'), { inBooks: false })).toEqual([]);
  });
});

describe('decisionEquals', () => {
  it('compares action, remark and declaration deeply', () => {
    expect(
      decisionEquals(d('accept', 'r', partial(0, 1, 1, 0)), d('accept', 'r', partial(0, 1, 1, 0))),
    ).toBe(true);
    expect(
      decisionEquals(d('accept', 'r', partial(0, 1, 1, 0)), d('accept', 'r', partial(0, 2, 2, 0))),
    ).toBe(false);
    expect(
      decisionEquals(d('accept', null, { kind: 'full' }), d('accept', null, { kind: 'none' })),
    ).toBe(false);
    expect(decisionEquals(d('accept', null, { kind: 'full' }), d('accept', null, null))).toBe(
      false,
    );
    expect(decisionEquals(d('reject', 'a'), d('reject', 'b'))).toBe(false);
    expect(decisionEquals(d('reject', ''), d('reject', null))).toBe(true);
    expect(decisionEquals(d('reject'), d('pending'))).toBe(false);
  });
});

describe('isDirty', () => {
  it('is clean when the decision matches the portal', () => {
    expect(isDirty(makeRecord({ portalAction: 'noAction' }), d('noAction'))).toBe(false);
    expect(
      isDirty(makeRecord({ portalAction: 'reject', portalRemark: 'x' }), d('reject', 'x')),
    ).toBe(false);
    expect(
      isDirty(
        makeRecord({
          portalAction: 'accept',
          portalItcReduction: partial(0, 5, 5, 0),
          portalRemark: 'r',
        }),
        d('accept', 'r', partial(0, 5, 5, 0)),
      ),
    ).toBe(false);
  });
  it('is dirty when the action differs', () => {
    expect(isDirty(makeRecord({ portalAction: 'noAction' }), d('accept'))).toBe(true);
    expect(isDirty(makeRecord({ portalAction: 'accept' }), d('noAction'))).toBe(true);
  });
  it('is dirty when the remark or declaration differs on the same action', () => {
    expect(
      isDirty(makeRecord({ portalAction: 'reject', portalRemark: 'x' }), d('reject', 'y')),
    ).toBe(true);
    expect(isDirty(makeRecord({ portalAction: 'reject' }), d('reject', 'y'))).toBe(true);
    expect(
      isDirty(
        makeRecord({ portalAction: 'accept', portalItcReduction: { kind: 'full' } }),
        d('accept'),
      ),
    ).toBe(true);
    expect(
      isDirty(
        makeRecord({
          portalAction: 'accept',
          portalItcReduction: partial(0, 5, 5, 0),
          portalRemark: 'r',
        }),
        d('accept', 'r', partial(0, 6, 6, 0)),
      ),
    ).toBe(true);
  });
  it('ignores remark and declaration on No Action', () => {
    expect(
      isDirty(makeRecord({ portalAction: 'noAction', portalRemark: 'old' }), d('noAction', null)),
    ).toBe(false);
  });
});

describe('ITC_REDUCTION_REQUIRED', () => {
  it('refuses an Accept without a declaration on credit notes and ITC-reducing amendments', () => {
    for (const section of ['b2bcn', 'b2bcna', 'b2ba', 'b2bdna'] as const) {
      const r = makeRecord({ section });
      expect(codes(r, d('accept')), section).toEqual(['ITC_REDUCTION_REQUIRED']);
      expect(hasErrors(validateDecision(r, d('accept')))).toBe(true);
      expect(codes(r, d('accept', null, FULL))).toEqual([]);
      expect(codes(r, d('accept', 'never availed', { kind: 'none' }))).toEqual([]);
      expect(codes(r, d('accept', 'books show less', partial(0, 100, 100, 0)))).toEqual([]);
    }
  });
  it('does not ask for one where the portal blocks it, on other sections, or other actions', () => {
    expect(codes(makeRecord({ itcReductionBlocked: true }), d('accept'))).toEqual([]);
    for (const section of ['b2b', 'b2bdn', 'ecom', 'ecoma'] as const)
      expect(codes(makeRecord({ section }), d('accept'))).toEqual([]);
    expect(codes(makeRecord(), d('reject'))).toEqual([]);
    expect(codes(makeRecord(), d('pending'))).toEqual([]);
  });
});

describe('Pending windows when the portal gives no ispendactblocked flag', () => {
  const today = (t: string) => t as IsoDate;
  const cn = (returnPeriod: string, o: Partial<PortalRecord> = {}) =>
    ({
      ...makeRecord({ section: 'b2bcn' }),
      returnPeriod,
      pendingFlagAbsent: true,
      ...o,
    }) as PortalRecord;
  it('refuses Pending on a credit note of a 2B period before October 2025', () => {
    expect(codes(cn('092025'), d('pending'), { today: today('2025-10-20') })).toEqual([
      'PENDING_NOT_YET_ALLOWED',
    ]);
    expect(codes(cn('092025'), d('pending'))).toEqual(['PENDING_NOT_YET_ALLOWED']);
  });
  it('counts a GSTR-1A record in the next period (the FAQ example: Sep 1A -> Oct 2B)', () => {
    expect(
      codes(cn('092025', { srcForm: 'R1A' }), d('pending'), { today: today('2025-11-01') }),
    ).toEqual([]);
  });
  it('allows Pending until the 3B due date of the next period, warns in the last week, refuses after', () => {
    // The FAQ example: an October-2025 credit note may stay Pending until 20-Dec-2025.
    expect(codes(cn('102025'), d('pending'), { today: today('2025-11-15') })).toEqual([]);
    expect(codes(cn('102025'), d('pending'), { today: today('2025-12-13') })).toEqual([
      'PENDING_WINDOW_CLOSING',
    ]);
    const last = validateDecision(cn('102025'), d('pending'), { today: today('2025-12-20') });
    expect(last.map((i) => i.code)).toEqual(['PENDING_WINDOW_CLOSING']);
    expect(last[0]?.message).toContain('20-12-2025');
    expect(hasErrors(last)).toBe(false);
    const closed = validateDecision(cn('102025'), d('pending'), { today: today('2025-12-21') });
    expect(closed.map((i) => i.code)).toEqual(['PENDING_WINDOW_CLOSED']);
    expect(closed[0]?.message).toContain('20-12-2025');
    // March 2026 -> April's 3B, due 20-May-2026.
    expect(codes(cn('032026'), d('pending'), { today: today('2026-05-20') })).toEqual([
      'PENDING_WINDOW_CLOSING',
    ]);
    expect(codes(cn('032026'), d('pending'), { today: today('2026-05-21') })).toEqual([
      'PENDING_WINDOW_CLOSED',
    ]);
  });
  it('lets the portal flag win when present, and leaves invoices unlimited', () => {
    expect(
      codes({ ...cn('092025'), pendingFlagAbsent: false }, d('pending'), {
        today: today('2027-01-01'),
      }),
    ).toEqual([]);
    expect(codes({ ...cn('102025'), pendingBlocked: true }, d('pending'))).toEqual([
      'PENDING_BLOCKED',
    ]);
    expect(
      codes(cn('012024', { section: 'b2b' }), d('pending'), { today: today('2026-12-07') }),
    ).toEqual([]);
  });
  it('warns when the return period is unknown', () => {
    expect(
      codes({ ...cn('102025'), returnPeriod: null }, d('pending'), { today: today('2025-11-01') }),
    ).toEqual(['PENDING_PERIOD_UNKNOWN']);
  });
});
