import { describe, expect, it } from 'vitest';
import type { Action } from './actions.js';
import type { IsoDate } from './dates.js';
import type { Paise } from './money.js';
import type { PortalRecord } from './record.js';
import { recordKey } from './record.js';
import { reconcile } from './reconcile.js';
import type { MatchResult, RegisterDocument } from './register.js';
import { DEFAULT_TOLERANCES } from './register.js';
import type { ProposalRule } from './proposals.js';
import { proposalRulesSchema } from './proposal-rules-schema.js';
import { DEFAULT_PROPOSAL_RULES, describeDifference, proposeActions } from './proposals.js';
import type { DocType, Section } from './sections.js';

const SUP = '24AAACC4175D1Z4';
const p = (rupees: number): Paise => Math.round(rupees * 100) as Paise;

function amounts(taxable = 10000, cgst = 900, sgst = 900, igst = 0) {
  return {
    value: p(taxable + cgst + sgst + igst),
    taxable: p(taxable),
    igst: p(igst),
    cgst: p(cgst),
    sgst: p(sgst),
    cess: p(0),
  };
}

function rec(o: {
  num: string;
  date: string;
  section?: Section;
  taxable?: number;
  supplierFiled?: boolean | null;
  pendingBlocked?: boolean;
  remarksBlocked?: boolean;
  portalAction?: Action;
}): PortalRecord {
  const section = o.section ?? 'b2b';
  return {
    key: recordKey(section, SUP, o.num, o.date as IsoDate),
    section,
    supplierGstin: SUP,
    supplierName: 'Supplier',
    docNumber: o.num,
    docDate: o.date as IsoDate,
    originalDocNumber: null,
    originalDocDate: null,
    invType: 'R',
    srcForm: 'R1',
    returnPeriod: '102025',
    supplierFiled: o.supplierFiled === undefined ? true : o.supplierFiled,
    pos: '24',
    amounts: amounts(o.taxable ?? 10000),
    portalAction: o.portalAction ?? 'noAction',
    pendingBlocked: o.pendingBlocked ?? false,
    remarksBlocked: o.remarksBlocked ?? false,
    itcReductionBlocked: false,
    portalRemark: null,
    portalItcReduction: null,
    hash: null,
    extra: {},
  };
}

function doc(o: {
  ref: string;
  num: string;
  date: string;
  type?: DocType;
  taxable?: number;
  cgst?: number;
  sgst?: number;
  igst?: number;
  received?: string;
  gstin?: string;
}): RegisterDocument {
  return {
    ref: o.ref,
    supplierGstin: o.gstin ?? SUP,
    supplierName: 'Supplier',
    docNumber: o.num,
    docDate: o.date as IsoDate,
    docType: o.type ?? 'invoice',
    amounts: amounts(o.taxable ?? 10000, o.cgst ?? 900, o.sgst ?? 900, o.igst ?? 0),
    pos: '24',
    receivedDate: (o.received ?? null) as IsoDate | null,
    sourceRows: [1],
    extra: {},
  };
}

const PERIOD_END = '2025-10-31' as IsoDate;

function propose(
  records: PortalRecord[],
  documents: RegisterDocument[],
  rules: readonly ProposalRule[] = DEFAULT_PROPOSAL_RULES,
  periodEnd: IsoDate | null = PERIOD_END,
) {
  const results: MatchResult[] = reconcile({ records, documents, tolerances: DEFAULT_TOLERANCES });
  return proposeActions({ records, documents, results, rules, periodEnd });
}

describe('DEFAULT_PROPOSAL_RULES', () => {
  it('validate with the schema, survive a JSON round trip, and put the specific cases first', () => {
    const json = JSON.parse(JSON.stringify(DEFAULT_PROPOSAL_RULES)) as unknown;
    const parsed = proposalRulesSchema.parse(json);
    expect(parsed).toEqual(DEFAULT_PROPOSAL_RULES);
    const names = DEFAULT_PROPOSAL_RULES.map((r) => r.name);
    expect(names.indexOf('supplier-not-filed')).toBeLessThan(names.indexOf('exact-accept'));
    expect(names.indexOf('dated-after-period')).toBeLessThan(names.indexOf('exact-accept'));
  });
});

describe('proposalRulesSchema', () => {
  const ok: ProposalRule = {
    name: 'x',
    when: { outcome: ['exact'] },
    action: 'accept',
    safe: true,
  };
  it('refuses accept on missingInRegister, missingInPortal rules, duplicates, unknown keys, bad remarks', () => {
    expect(proposalRulesSchema.safeParse([ok]).success).toBe(true);
    expect(
      proposalRulesSchema.safeParse([{ ...ok, when: { outcome: ['missingInRegister'] } }]).success,
    ).toBe(false);
    expect(
      proposalRulesSchema.safeParse([{ ...ok, when: { outcome: ['missingInPortal'] } }]).success,
    ).toBe(false);
    expect(proposalRulesSchema.safeParse([ok, ok]).success).toBe(false);
    expect(proposalRulesSchema.safeParse([{ ...ok, when: { colour: 'red' } }]).success).toBe(false);
    expect(proposalRulesSchema.safeParse([{ ...ok, action: 'approve' }]).success).toBe(false);
    expect(
      proposalRulesSchema.safeParse([{ ...ok, action: 'pending', remark: 'a\nb' }]).success,
    ).toBe(false);
    expect(
      proposalRulesSchema.safeParse([{ ...ok, action: 'pending', remark: 'x'.repeat(251) }])
        .success,
    ).toBe(false);
    expect(
      proposalRulesSchema.safeParse([
        { ...ok, when: { sections: ['b2bcn'], afterPeriodEnd: false } },
      ]).success,
    ).toBe(true);
  });
});

describe('proposeActions with the default rules', () => {
  it('exact -> accept (safe); probable -> accept after review (not safe)', () => {
    const a = rec({ num: 'INV-1', date: '2025-10-05' });
    const b = rec({ num: 'INV/25-26/2', date: '2025-10-06' });
    const [pa, pb] = propose(
      [a, b],
      [
        doc({ ref: 'PV1', num: 'INV-1', date: '2025-10-05' }),
        doc({ ref: 'PV2', num: 'INV-2', date: '2025-10-06' }),
      ],
    );
    expect(pa).toEqual({
      recordKey: a.key,
      action: 'accept',
      remark: null,
      itcReduction: null,
      rule: 'exact-accept',
      safe: true,
      note: null,
      kept: null,
    });
    expect(pb).toMatchObject({
      action: 'accept',
      rule: 'probable-accept-after-review',
      safe: false,
    });
  });

  it('mismatch -> pending with a remark naming the difference', () => {
    const r = rec({ num: 'INV-1', date: '2025-10-05', taxable: 10500 });
    const [x] = propose([r], [doc({ ref: 'PV1', num: 'INV-1', date: '2025-10-05' })]);
    expect(x).toMatchObject({
      action: 'pending',
      rule: 'mismatch-pending',
      safe: true,
      note: null,
    });
    expect(x!.remark).toBe(
      'Taxable value differs by Rs 500.00 (books 10,000.00, portal 10,500.00)',
    );
  });

  it('groups the difference as the amounts beside it are grouped (issue 14)', () => {
    const r = rec({ num: 'INV-1', date: '2025-10-05', taxable: 1_22_345 });
    const [x] = propose([r], [doc({ ref: 'PV1', num: 'INV-1', date: '2025-10-05' })]);
    expect(x!.remark).toBe(
      'Taxable value differs by Rs 1,12,345.00 (books 10,000.00, portal 1,22,345.00)',
    );
  });

  it('missing in register -> pending, never accept', () => {
    const r = rec({ num: 'INV-1', date: '2025-10-05' });
    const [x] = propose([r], []);
    expect(x).toMatchObject({
      action: 'pending',
      rule: 'missing-in-books-pending',
      remark: 'Document not found in our purchase register',
    });
  });

  it('after the period end -> pending (goods in transit), by document date or goods-receipt date', () => {
    const late = rec({ num: 'INV-1', date: '2025-11-02' });
    const received = rec({ num: 'INV-2', date: '2025-10-29' });
    const [a, b] = propose(
      [late, received],
      [
        doc({ ref: 'PV1', num: 'INV-1', date: '2025-11-02' }),
        doc({ ref: 'PV2', num: 'INV-2', date: '2025-10-29', received: '2025-11-03' }),
      ],
    );
    expect(a).toMatchObject({
      action: 'pending',
      rule: 'dated-after-period',
      remark: 'Document dated 02-11-2025, after the period end 31-10-2025: ITC in a later period',
    });
    expect(b).toMatchObject({
      action: 'pending',
      rule: 'received-after-period',
      remark: 'Goods received on 03-11-2025, after the period end 31-10-2025 (in transit)',
    });
    // Without a period end those rules do not apply.
    const [c] = propose(
      [late],
      [doc({ ref: 'PV1', num: 'INV-1', date: '2025-11-02' })],
      DEFAULT_PROPOSAL_RULES,
      null,
    );
    expect(c).toMatchObject({ action: 'accept', rule: 'exact-accept' });
  });

  it('supplier return not filed -> pending, before the outcome rules', () => {
    const r = rec({ num: 'INV-1', date: '2025-10-05', supplierFiled: false });
    const [x] = propose([r], [doc({ ref: 'PV1', num: 'INV-1', date: '2025-10-05' })]);
    expect(x).toMatchObject({ action: 'pending', rule: 'supplier-not-filed', safe: true });
  });

  it('pending blocked (credit note missing in the books): No Action instead, explained, not safe', () => {
    const cn = rec({ num: 'CN-1', date: '2025-10-05', section: 'b2bcn', pendingBlocked: true });
    const [x] = propose([cn], []);
    expect(x).toMatchObject({
      action: 'noAction',
      remark: null,
      rule: 'missing-in-books-pending',
      safe: false,
    });
    expect(x!.note).toMatch(/Pending is blocked by the portal/);
    expect(x!.note).toMatch(/credit note .* deemed accepted/);
    expect(x!.note).toMatch(/Remark dropped/);
  });

  it('pending blocked where the portal already holds an action: that action is kept', () => {
    const r = rec({
      num: 'INV-1',
      date: '2025-10-05',
      pendingBlocked: true,
      portalAction: 'reject',
    });
    const [x] = propose([r], []);
    expect(x).toMatchObject({
      action: 'reject',
      remark: 'Document not found in our purchase register',
      safe: false,
    });
    expect(x!.note).toMatch(/current action \(Rejected\) is kept/);
  });

  it('a remark the portal blocks is dropped with a note', () => {
    const r = rec({ num: 'INV-1', date: '2025-10-05', remarksBlocked: true });
    const [x] = propose([r], []);
    expect(x).toMatchObject({ action: 'pending', remark: null });
    expect(x!.note).toMatch(/Remark dropped \(the portal blocks remarks on this record\)/);
  });
});

describe('proposeActions with custom rules', () => {
  it('never accepts a record missing in the books, whatever the rule says', () => {
    const rules: ProposalRule[] = [{ name: 'accept-all', when: {}, action: 'accept', safe: true }];
    const r = rec({ num: 'INV-1', date: '2025-10-05' });
    const [x] = propose([r], [], rules);
    expect(x).toMatchObject({ action: 'pending', rule: 'accept-all', safe: false });
    expect(x!.note).toMatch(/never accepted/);
  });

  it('warns when accepting while the supplier has not filed', () => {
    const rules: ProposalRule[] = [
      { name: 'exact', when: { outcome: ['exact'] }, action: 'accept', safe: true },
    ];
    const r = rec({ num: 'INV-1', date: '2025-10-05', supplierFiled: false });
    const [x] = propose([r], [doc({ ref: 'PV1', num: 'INV-1', date: '2025-10-05' })], rules);
    expect(x).toMatchObject({ action: 'accept', safe: false });
    expect(x!.note).toMatch(/not filed/);
  });

  it('sections and false-valued conditions; no rule -> the portal action is kept', () => {
    const rules: ProposalRule[] = [
      {
        name: 'cn-in-period',
        when: { sections: ['b2bcn'], afterPeriodEnd: false },
        action: 'reject',
        safe: false,
        remark: 'CN {docNumber} of {docDate} not agreed ({registerRef})',
      },
    ];
    const cn = rec({ num: 'CN-1', date: '2025-10-05', section: 'b2bcn' });
    const inv = rec({ num: 'INV-1', date: '2025-10-05', portalAction: 'accept' });
    const [a, b] = propose(
      [cn, inv],
      [doc({ ref: 'PV1', num: 'CN-1', date: '2025-10-05', type: 'creditNote' })],
      rules,
    );
    expect(a).toMatchObject({
      action: 'reject',
      remark: 'CN CN-1 of 05-10-2025 not agreed (PV1)',
      rule: 'cn-in-period',
    });
    expect(b).toMatchObject({ action: 'accept', rule: '', safe: false });
  });
});

describe('describeDifference', () => {
  const r = rec({ num: 'INV-1', date: '2025-10-05' });
  it('names head swaps, dates and several differences within 250 characters', () => {
    const swap = describeDifference(
      { ...r, amounts: amounts(10000, 0, 0, 1800) },
      doc({ ref: 'PV1', num: 'INV-1', date: '2025-10-05' }),
    );
    expect(swap).toBe('Tax heads differ (books CGST+SGST 1,800.00, portal IGST 1,800.00)');
    const date = describeDifference(r, doc({ ref: 'PV1', num: 'INV-1', date: '2025-10-25' }));
    expect(date).toBe('Date differs by 20 days (books 25-10-2025, portal 05-10-2025)');
    expect(
      describeDifference(
        r,
        doc({ ref: 'PV1', num: 'INV-1', date: '2025-10-05', taxable: 10000.4 }),
      ),
    ).toBeNull();
    const many = describeDifference(
      r,
      doc({
        ref: 'PV1',
        num: 'INV-1',
        date: '2024-10-05',
        type: 'debitNote',
        taxable: 123456789,
        cgst: 12345678,
        sgst: 12345678,
      }),
    );
    expect([...(many ?? '')].length).toBeLessThanOrEqual(250);
    expect(many).toMatch(/^Booked as a debit note; Taxable value differs by Rs/);
  });
});

describe('proposals: the ITC-reduction declaration on accepting a credit note', () => {
  const acceptNotes: ProposalRule[] = [
    { name: 'notes-accept', when: { sections: ['b2bcn'] }, action: 'accept', safe: true },
  ];
  it('proposes a full reduction when the books claim the note in full', () => {
    const cn = rec({ num: 'CN-1', date: '2025-10-05', section: 'b2bcn' });
    const [pc] = propose(
      [cn],
      [doc({ ref: 'DN1', num: 'CN-1', date: '2025-10-05', type: 'creditNote' })],
      acceptNotes,
    );
    expect(pc).toMatchObject({
      action: 'accept',
      itcReduction: { kind: 'full' },
      safe: true,
      remark: null,
    });
  });
  it("proposes the books' smaller figure as a partial reduction with a remark, never safe", () => {
    const cn = rec({ num: 'CN-2', date: '2025-10-05', section: 'b2bcn' });
    const [pc] = propose(
      [cn],
      [
        doc({
          ref: 'DN2',
          num: 'CN-2',
          date: '2025-10-05',
          type: 'creditNote',
          cgst: 850,
          sgst: 860,
        }),
      ],
      acceptNotes,
    );
    expect(pc).toMatchObject({
      action: 'accept',
      itcReduction: { kind: 'partial', igst: 0, cgst: p(850), sgst: p(850), cess: 0 },
      safe: false,
    });
    expect(pc?.remark).toContain('DN2');
    expect(pc?.note).toContain('review');
  });
  it('leaves invoices without a declaration', () => {
    const a = rec({ num: 'INV-9', date: '2025-10-05' });
    const [pa] = propose(
      [a],
      [doc({ ref: 'PV9', num: 'INV-9', date: '2025-10-05', cgst: 100, sgst: 100 })],
      [{ name: 'all', when: {}, action: 'accept', safe: true }],
    );
    expect(pa?.itcReduction).toBeNull();
  });
});

describe('proposals on real books (issue 13)', () => {
  it("keeps a Pending the portal holds, and a person's decision, unless the rule names the held action", () => {
    const a = rec({ num: 'INV-1', date: '2025-10-05', portalAction: 'pending' });
    const b = rec({ num: 'INV-2', date: '2025-10-06', taxable: 2000 });
    const documents = [
      doc({ ref: 'PV1', num: 'INV-1', date: '2025-10-05' }),
      doc({ ref: 'PV2', num: 'INV-2', date: '2025-10-06', taxable: 2000 }),
    ];
    const records = [a, b];
    const results = reconcile({ records, documents, tolerances: DEFAULT_TOLERANCES });
    const held = new Map([
      [a.key, { action: 'pending' as const, by: 'portal' }],
      [b.key, { action: 'reject' as const, by: 'cli' }],
    ]);
    const [pa, pb] = proposeActions({
      records,
      documents,
      results,
      rules: DEFAULT_PROPOSAL_RULES,
      periodEnd: PERIOD_END,
      held,
    });
    expect(pa).toMatchObject({
      action: 'accept',
      rule: 'exact-accept',
      safe: false,
      kept: { action: 'pending', by: 'portal' },
    });
    expect(pa!.note).toMatch(/Kept: the portal holds Pending; no rule names it/);
    expect(pb).toMatchObject({ safe: false, kept: { action: 'reject', by: 'cli' } });
    expect(pb!.note).toMatch(/Rejected was decided by a person \(cli\)/);

    const naming: ProposalRule[] = [
      {
        name: 'now-booked',
        when: { outcome: ['exact'], heldAction: ['pending'] },
        action: 'accept',
        safe: true,
      },
      ...DEFAULT_PROPOSAL_RULES,
    ];
    const [na, nb] = proposeActions({
      records,
      documents,
      results,
      rules: naming,
      periodEnd: PERIOD_END,
      held,
    });
    expect(na).toMatchObject({ action: 'accept', rule: 'now-booked', safe: true, kept: null });
    // The rule names Pending only: the person's Reject stays.
    expect(nb).toMatchObject({ rule: 'exact-accept', kept: { action: 'reject' } });
    expect(proposalRulesSchema.parse(JSON.parse(JSON.stringify(naming)))).toEqual(naming);
  });

  it('never proposes Accept on an amount-only pair, and nothing on it is safe', () => {
    const r = rec({ num: 'INV-1', date: '2025-10-05' });
    const [x] = propose([r], [doc({ ref: 'PV1', num: 'MISS-1', date: '2025-10-13' })]);
    expect(x).toMatchObject({
      action: 'pending',
      safe: false,
      rule: 'probable-accept-after-review',
    });
    expect(x!.note).toMatch(
      /Paired on amount and date only: our books hold number MISS-1, not INV-1/,
    );
    expect(x!.remark).toBe(
      'Not found under this number in our books; amounts agree with our MISS-1',
    );
    const safeRule: ProposalRule[] = [{ name: 'all', when: {}, action: 'pending', safe: true }];
    expect(
      propose([r], [doc({ ref: 'PV1', num: 'MISS-1', date: '2025-10-13' })], safeRule)[0],
    ).toMatchObject({ safe: false });
  });

  it('a pair through a mistyped GSTIN is never safe and asks for the register to be corrected', () => {
    const r = rec({ num: 'INV-1', date: '2025-10-05' });
    const rules: ProposalRule[] = [
      { name: 'probable-accept', when: { outcome: ['probable'] }, action: 'accept', safe: true },
    ];
    const [x] = propose(
      [r],
      [doc({ ref: 'PV1', num: 'INV-1', date: '2025-10-05', gstin: '24AAACC4176D1Z4' })],
      rules,
    );
    expect(x).toMatchObject({ action: 'accept', safe: false });
    expect(x!.note).toMatch(
      /Our books carry the supplier GSTIN as 24AAACC4176D1Z4 \(a typo of 24AAACC4175D1Z4\): correct the register/,
    );
  });

  it('a document booked in the next month follows the goods-in-transit rule', () => {
    const r = rec({ num: 'INV-1', date: '2025-10-05' });
    const [x] = propose([r], [doc({ ref: 'PV1', num: 'INV-1', date: '2025-11-20' })]);
    expect(x).toMatchObject({ action: 'pending', rule: 'received-after-period', safe: true });
    expect(x!.remark).toBe(
      'Goods received on 20-11-2025, after the period end 31-10-2025 (in transit)',
    );
  });
});
