import { describe, expect, it } from 'vitest';
import type { Action } from './actions.js';
import { buildUploadFiles, uploadFieldsFor, uploadRecordBody, utf8Length } from './build-upload.js';
import type { UploadFile, UploadItem } from './build-upload.js';
import type { IsoDate } from './dates.js';
import { BadInputError } from './errors.js';
import type { Paise } from './money.js';
import { parseImsDownload } from './parse-ims-download.js';
import type { Decision, ItcReduction, PortalRecord } from './record.js';
import { recordKey } from './record.js';
import type { Section } from './sections.js';
import { SECTIONS, SECTION_INFO } from './sections.js';

const ME = '27AABCU9603R1ZN';
const SUP = '29AAACR5055K1Z3';
const p = (n: number) => n as Paise;

function rec(section: Section, docNumber: string, over: Partial<PortalRecord> = {}): PortalRecord {
  const docDate = (over.docDate ?? '2026-04-05') as IsoDate;
  const supplierGstin = over.supplierGstin ?? SUP;
  return {
    key: recordKey(section, supplierGstin, docNumber, docDate),
    section,
    supplierGstin,
    supplierName: 'Supplier',
    docNumber,
    docDate,
    originalDocNumber: null,
    originalDocDate: null,
    invType: 'R',
    srcForm: 'R1',
    returnPeriod: '042026',
    supplierFiled: true,
    pos: '27',
    amounts: {
      value: p(1180000),
      taxable: p(1000000),
      igst: p(180000),
      cgst: p(0),
      sgst: p(0),
      cess: p(0),
    },
    portalAction: 'noAction',
    pendingBlocked: false,
    remarksBlocked: false,
    itcReductionBlocked: false,
    portalRemark: null,
    portalItcReduction: null,
    hash: 'h'.repeat(64),
    extra: {},
    ...over,
  };
}

const dec = (
  action: Action,
  remark: string | null = null,
  itcReduction: ItcReduction | null = null,
): Decision => ({
  action,
  remark,
  itcReduction,
});

const item = (record: PortalRecord, decision: Decision): UploadItem => ({ record, decision });

function build(items: UploadItem[], maxBytes = 5_000_000) {
  return buildUploadFiles({ rtin: ME, items, maxBytes });
}

type Json = Record<string, unknown>;

function body(f: UploadFile | undefined): {
  rtin: string;
  reqtyp: string;
  invdata: Record<string, Json[]>;
} {
  if (f === undefined) throw new Error('no file');
  return JSON.parse(f.json) as { rtin: string; reqtyp: string; invdata: Record<string, Json[]> };
}

const bytes = (s: string) => new TextEncoder().encode(s).length;

describe('buildUploadFiles: records', () => {
  it('writes a SAVE record with the portal keys in the portal order', () => {
    const { save, reset } = build([item(rec('b2b', 'INV/001'), dec('accept'))]);
    expect(reset).toEqual([]);
    expect(save).toHaveLength(1);
    const b = body(save[0]);
    expect(Object.keys(b)).toEqual(['rtin', 'reqtyp', 'invdata']);
    expect(b.rtin).toBe(ME);
    expect(b.reqtyp).toBe('SAVE');
    expect(Object.keys(b.invdata)).toEqual(['b2b']);
    const r = b.invdata.b2b?.[0] ?? {};
    expect(Object.keys(r)).toEqual([
      'stin',
      'inum',
      'idt',
      'inv_typ',
      'srcform',
      'rtnprd',
      'val',
      'pos',
      'txval',
      'iamt',
      'camt',
      'samt',
      'cess',
      'prev_status',
      'action',
    ]);
    expect(r).toEqual({
      stin: SUP,
      inum: 'INV/001',
      idt: '05-04-2026',
      inv_typ: 'R',
      srcform: 'R1',
      rtnprd: '042026',
      val: 11800,
      pos: '27',
      txval: 10000,
      iamt: 1800,
      camt: 0,
      samt: 0,
      cess: 0,
      prev_status: 'N',
      action: 'A',
    });
    expect(save[0]?.recordKeys).toEqual([`b2b|${SUP}|INV/001|2026-27`]);
    expect(save[0]?.counts).toEqual({ b2b: 1 });
  });

  it('writes note and amendment keys, the ITC declaration and remarks in order', () => {
    const cna = rec('b2bcna', 'CN-8', {
      originalDocNumber: 'CN-7',
      originalDocDate: '2026-03-20' as IsoDate,
      portalAction: 'pending',
      extra: { irn: 'abc', nested: { a: [1] } },
    });
    const partial: ItcReduction = {
      kind: 'partial',
      igst: p(9000),
      cgst: p(0),
      sgst: p(0),
      cess: p(29),
    };
    const { save } = build([item(cna, dec('accept', 'ITC availed only partly', partial))]);
    const r = body(save[0]).invdata.b2bcna?.[0] ?? {};
    expect(Object.keys(r)).toEqual([
      'stin',
      'nt_num',
      'nt_dt',
      'ont_num',
      'ont_dt',
      'inv_typ',
      'srcform',
      'rtnprd',
      'val',
      'pos',
      'txval',
      'iamt',
      'camt',
      'samt',
      'cess',
      'prev_status',
      'action',
      'itcRedReq',
      'declIgst',
      'declCgst',
      'declSgst',
      'declCess',
      'remarks',
    ]);
    expect(r).toMatchObject({
      nt_num: 'CN-8',
      nt_dt: '05-04-2026',
      ont_num: 'CN-7',
      ont_dt: '20-03-2026',
      prev_status: 'P',
      action: 'A',
      itcRedReq: 'Y',
      declIgst: 90,
      declCgst: 0,
      declSgst: 0,
      declCess: 0.29,
      remarks: 'ITC availed only partly',
    });
  });

  it('writes full and nil reductions as itcRedReq alone, and only on Accept', () => {
    const cn1 = rec('b2bcn', 'CN-1');
    const cn2 = rec('b2bcn', 'CN-2');
    const cn3 = rec('b2bcn', 'CN-3');
    const { save } = build([
      item(cn1, dec('accept', null, { kind: 'full' })),
      item(cn2, dec('accept', 'never availed', { kind: 'none' })),
      item(cn3, dec('reject', 'wrong', { kind: 'full' })),
    ]);
    const [r1, r2, r3] = body(save[0]).invdata.b2bcn ?? [];
    expect(Object.keys(r1 ?? {}).slice(-3)).toEqual(['prev_status', 'action', 'itcRedReq']);
    expect(r1).toMatchObject({ action: 'A', itcRedReq: 'Y' });
    expect(r1).not.toHaveProperty('declIgst');
    expect(r2).toMatchObject({ action: 'A', itcRedReq: 'N', remarks: 'never availed' });
    expect(r3).toMatchObject({ action: 'R', remarks: 'wrong' });
    expect(r3).not.toHaveProperty('itcRedReq');
  });

  it('writes amounts as exact rupee numbers', () => {
    const r = rec('b2bdn', 'DN-1', {
      amounts: {
        value: p(100010),
        taxable: p(29),
        igst: p(7),
        cgst: p(12345678999),
        sgst: p(1),
        cess: p(0),
      },
    });
    const { save } = build([item(r, dec('pending', 'check'))]);
    expect(save[0]?.json).toContain('"val":1000.1,');
    expect(body(save[0]).invdata.b2bdn?.[0]).toMatchObject({
      val: 1000.1,
      txval: 0.29,
      iamt: 0.07,
      camt: 123456789.99,
      samt: 0.01,
      cess: 0,
      action: 'P',
      remarks: 'check',
    });
  });

  it('writes inv_typ only where the section has it and the record had it', () => {
    const { save } = build([
      item(rec('ecom', 'E-1', { invType: 'R' }), dec('accept')),
      item(
        rec('b2b', 'B-1', { invType: null, srcForm: null, returnPeriod: null, pos: null }),
        dec('reject'),
      ),
    ]);
    const b = body(save[0]);
    expect(b.invdata.ecom?.[0]).not.toHaveProperty('inv_typ');
    expect(Object.keys(b.invdata.b2b?.[0] ?? {})).toEqual([
      'stin',
      'inum',
      'idt',
      'val',
      'txval',
      'iamt',
      'camt',
      'samt',
      'cess',
      'prev_status',
      'action',
    ]);
  });

  it('sends only the fields of the save schema: never download-only or unknown fields', () => {
    const polluted = JSON.parse(
      '{"__proto__":{"x":1},"action":"N","prev_status":"Z","irn":"i","irngendate":"01-04-2026","supfildt":"11-05-2026","hash":"ab","srcfilstatus":"Filed","isRemarksBlocked":"N","ItcAvailabilityCheck":"Y"}',
    ) as Json;
    for (const section of SECTIONS) {
      const r = rec(section, 'B-1', { extra: polluted });
      const decision = SECTION_INFO[section].itcReductionRequired
        ? dec('accept', 'books differ', {
            kind: 'partial',
            igst: p(1),
            cgst: p(0),
            sgst: p(0),
            cess: p(0),
          })
        : dec('reject', 'not received');
      const { save, reset } = build([
        item(r, decision),
        item(rec(section, 'B-2', { portalAction: 'accept', extra: polluted }), dec('noAction')),
      ]);
      const saved = body(save[0]).invdata[section]?.[0] ?? {};
      const allowed = new Set(uploadFieldsFor(section, 'SAVE'));
      for (const k of Object.keys(saved)) expect(allowed.has(k), `${section}: ${k}`).toBe(true);
      expect(saved.prev_status).toBe('N');
      expect(save[0]?.json).not.toMatch(
        /irn|supfildt|hash|srcfilstatus|Blocked|ItcAvailability|__proto__/,
      );
      const resetBody = body(reset[0]).invdata[section]?.[0] ?? {};
      const allowedReset = new Set(uploadFieldsFor(section, 'RESET'));
      for (const k of Object.keys(resetBody))
        expect(allowedReset.has(k), `${section} reset: ${k}`).toBe(true);
      expect(resetBody).not.toHaveProperty('action');
    }
    expect(uploadFieldsFor('b2b', 'SAVE')).not.toContain('itcRedReq');
    expect(uploadFieldsFor('ecom', 'SAVE')).not.toContain('inv_typ');
  });

  it('never writes a declaration on a record that takes none, even if a decision carries one', () => {
    const blocked = rec('b2bcn', 'CN-B', { itcReductionBlocked: true });
    const invoice = rec('b2b', 'INV-B');
    const { save } = build([
      item(blocked, dec('accept', null, { kind: 'full' })),
      item(invoice, dec('accept', null, { kind: 'none' })),
    ]);
    expect(save[0]?.json).not.toContain('itcRedReq');
  });

  it('routes noAction decisions to RESET records without action, remarks or declaration', () => {
    const a = rec('b2b', 'B-1', { portalAction: 'accept' });
    const b = rec('b2bcn', 'CN-1', { portalAction: 'reject' });
    const c = rec('b2b', 'B-2', { portalAction: 'pending' });
    const { save, reset } = build([
      item(a, dec('noAction', 'ignored remark', { kind: 'full' })),
      item(b, dec('noAction')),
      item(c, dec('reject', 'dup')),
    ]);
    expect(save).toHaveLength(1);
    expect(save[0]?.recordKeys).toEqual([c.key]);
    expect(reset).toHaveLength(1);
    const rb = body(reset[0]);
    expect(rb.reqtyp).toBe('RESET');
    expect(Object.keys(rb.invdata)).toEqual(['b2b', 'b2bcn']);
    const r1 = rb.invdata.b2b?.[0] ?? {};
    expect(Object.keys(r1)).toEqual([
      'stin',
      'inum',
      'idt',
      'inv_typ',
      'srcform',
      'rtnprd',
      'val',
      'pos',
      'txval',
      'iamt',
      'camt',
      'samt',
      'cess',
      'prev_status',
    ]);
    expect(r1.prev_status).toBe('A');
    expect(rb.invdata.b2bcn?.[0]?.prev_status).toBe('R');
    expect(reset[0]?.json).not.toMatch(/"action"|"remarks"|"itcRedReq"/);
    expect(reset[0]?.reqtyp).toBe('RESET');
    expect(reset[0]?.counts).toEqual({ b2b: 1, b2bcn: 1 });
  });
});

describe('buildUploadFiles: files', () => {
  it('returns no files for no items', () => {
    expect(build([])).toEqual({ save: [], reset: [] });
  });

  it('orders sections as SECTIONS and records as given, with only non-empty sections', () => {
    const items = [
      item(
        rec('ecoma', 'E9', { originalDocNumber: 'E1', originalDocDate: '2026-04-01' as IsoDate }),
        dec('accept'),
      ),
      item(rec('b2bcn', 'C2'), dec('accept')),
      item(rec('b2b', 'B2'), dec('reject', 'x')),
      item(rec('b2bcn', 'C1'), dec('pending', 'y')),
      item(rec('b2b', 'B1'), dec('accept')),
    ];
    const { save } = build(items);
    const b = body(save[0]);
    expect(Object.keys(b.invdata)).toEqual(['b2b', 'b2bcn', 'ecoma']);
    expect(b.invdata.b2b?.map((r) => r.inum)).toEqual(['B2', 'B1']);
    expect(b.invdata.b2bcn?.map((r) => r.nt_num)).toEqual(['C2', 'C1']);
    expect(save[0]?.recordKeys.map((k) => k.split('|')[2])).toEqual(['B2', 'B1', 'C2', 'C1', 'E9']);
    expect(save[0]?.counts).toEqual({ b2b: 2, b2bcn: 2, ecoma: 1 });
  });

  it('splits by the byte counter it is given', () => {
    const items = [
      item(rec('b2b', 'B1'), dec('reject', 'दोहरा ₹')),
      item(rec('b2b', 'B2'), dec('accept')),
    ];
    const one = build(items).save[0]?.json ?? '';
    const limit = bytes(one);
    expect(buildUploadFiles({ rtin: ME, items, maxBytes: limit }).save).toHaveLength(1);
    const counted: string[] = [];
    const doubled = (t: string) => (counted.push(t), 2 * bytes(t));
    const split = buildUploadFiles({ rtin: ME, items, maxBytes: limit, byteLength: doubled }).save;
    expect(split).toHaveLength(2);
    // What was counted is records' JSON: one record, or a run of them joined by commas.
    expect(counted.length).toBeGreaterThan(0);
    for (const t of counted) {
      const records = JSON.parse(`[${t}]`) as Json[];
      expect(records.every((r) => r.inum === 'B1' || r.inum === 'B2')).toBe(true);
    }
  });

  it('packs exactly as one record at a time would, across runs and file boundaries', () => {
    // The reference: the plain greedy packing, record by record.
    const reference = (items: UploadItem[], maxBytes: number): string[][] => {
      const files: string[][] = [];
      let keys: string[] = [];
      let size = bytes('{"rtin":"' + ME + '","reqtyp":"SAVE","invdata":{') + 2;
      const base = size;
      let open: string | null = null;
      for (const s of SECTIONS) {
        for (const it of items.filter((i) => i.record.section === s)) {
          const n = bytes(JSON.stringify(uploadRecordBody(it.record, it.decision, 'SAVE')));
          const grow = (o: string | null) =>
            o === s ? 1 + n : (o === null ? 0 : 1) + s.length + 5 + n;
          if (keys.length > 0 && size + grow(open) > maxBytes) {
            files.push(keys);
            keys = [];
            size = base;
            open = null;
          }
          size += grow(open);
          open = s;
          keys.push(it.record.key);
        }
      }
      if (keys.length > 0) files.push(keys);
      return files;
    };
    const items: UploadItem[] = [];
    for (let i = 0; i < 2500; i++) {
      const section = i % 9 === 0 ? 'b2bcn' : 'b2b';
      const note = i % 13 === 0 ? ` ${'ü'.repeat(i % 40)}` : '';
      items.push(
        item(
          rec(section, `N-${i}`),
          dec(i % 4 === 0 ? 'reject' : 'pending', i % 4 === 0 ? `r ${i}${note}` : null),
        ),
      );
    }
    for (const maxBytes of [700, 20_000, 250_000, 400_000, 600_000, 5_000_000]) {
      const { save } = build(items, maxBytes);
      expect(save.map((f) => f.recordKeys)).toEqual(reference(items, maxBytes));
      for (const f of save) {
        expect(bytes(f.json)).toBeLessThanOrEqual(maxBytes);
        expect(JSON.stringify(JSON.parse(f.json))).toBe(f.json);
      }
    }
  });

  it('writes compact JSON whose byte length is what the split logic counted', () => {
    const items = [
      item(rec('b2b', 'B1'), dec('reject', 'दोहरा बिल ₹ 😀 "quoted"')),
      item(rec('b2bcn', 'C1'), dec('pending', 'café')),
    ];
    const { save } = build(items);
    const json = save[0]?.json ?? '';
    expect(JSON.stringify(JSON.parse(json))).toBe(json);
    expect(utf8Length(json)).toBe(bytes(json));
    // Exactly at the limit: one file; one byte less: two files.
    expect(build(items, bytes(json)).save).toHaveLength(1);
    const split = build(items, bytes(json) - 1).save;
    expect(split).toHaveLength(2);
    expect(split.map((f) => f.recordKeys.length)).toEqual([1, 1]);
  });

  it('splits into files under maxBytes, each parseable, every record exactly once, in order', () => {
    const items: UploadItem[] = [];
    for (let i = 0; i < 60; i++) {
      const section = (['b2b', 'b2bcn', 'b2ba'] as const)[i % 3] ?? 'b2b';
      const r = rec(section, `D-${String(i).padStart(3, '0')}`, {
        originalDocNumber: section === 'b2ba' ? `O-${i}` : null,
        originalDocDate: section === 'b2ba' ? ('2026-04-01' as IsoDate) : null,
      });
      items.push(
        item(
          r,
          i % 5 === 0
            ? dec('noAction')
            : dec('reject', `remark ${i} ₹${i % 7 === 0 ? 'é'.repeat(i) : ''}`),
        ),
      );
    }
    const maxBytes = 1500;
    const { save, reset } = build(items, maxBytes);
    expect(save.length).toBeGreaterThan(3);
    expect(reset.length).toBeGreaterThan(1);
    const expected = (kind: 'save' | 'reset') =>
      (['b2b', 'b2ba', 'b2bcn'] as const).flatMap((s) =>
        items
          .filter(
            (it) =>
              it.record.section === s && (it.decision.action === 'noAction') === (kind === 'reset'),
          )
          .map((it) => it.record.key),
      );
    for (const [files, kind] of [
      [save, 'save'],
      [reset, 'reset'],
    ] as const) {
      const keys: string[] = [];
      for (const f of files) {
        expect(bytes(f.json)).toBeLessThanOrEqual(maxBytes);
        const b = body(f);
        expect(b.reqtyp).toBe(kind === 'save' ? 'SAVE' : 'RESET');
        const inFile = Object.values(b.invdata).reduce((n, list) => n + list.length, 0);
        expect(inFile).toBe(f.recordKeys.length);
        expect(Object.values(f.counts).reduce((n, c) => n + (c ?? 0), 0)).toBe(f.recordKeys.length);
        for (const [s, list] of Object.entries(b.invdata)) {
          expect(list.length).toBeGreaterThan(0);
          expect(f.counts[s as Section]).toBe(list.length);
        }
        keys.push(...f.recordKeys);
      }
      expect(keys).toEqual(expected(kind));
      expect(new Set(keys).size).toBe(keys.length);
    }
    // The size check is tight: a file plus the next file's first record would not fit.
    for (let i = 0; i + 1 < save.length; i++) {
      const next = body(save[i + 1]);
      const [s, list] = Object.entries(next.invdata)[0] ?? ['b2b', []];
      const grown = body(save[i]);
      (grown.invdata[s] ??= []).push(list[0] ?? {});
      expect(bytes(JSON.stringify(grown))).toBeGreaterThan(maxBytes);
    }
  });

  it('puts a record larger than maxBytes alone in its own file', () => {
    const big = rec('b2b', 'BIG', { supplierName: null });
    const bigDecision = dec('reject', 'x'.repeat(500));
    const { save } = build(
      [
        item(rec('b2b', 'A'), dec('accept')),
        item(big, bigDecision),
        item(rec('b2b', 'C'), dec('accept')),
      ],
      400,
    );
    expect(save.map((f) => f.recordKeys.map((k) => k.split('|')[2]))).toEqual([
      ['A'],
      ['BIG'],
      ['C'],
    ]);
    expect(bytes(save[1]?.json ?? '')).toBeGreaterThan(400);
    expect(body(save[1]).invdata.b2b?.[0]?.remarks).toBe('x'.repeat(500));
  });

  it('normalises rtin and refuses a malformed one, a bad maxBytes and duplicate items', () => {
    const r = rec('b2b', 'A');
    expect(
      body(
        buildUploadFiles({
          rtin: ` ${ME.toLowerCase()} `,
          items: [item(r, dec('accept'))],
          maxBytes: 1e6,
        }).save[0],
      ).rtin,
    ).toBe(ME);
    // A check-character failure alone is accepted (GSTN's own samples fail it).
    expect(() =>
      buildUploadFiles({ rtin: '24MAYAS0100J1JD', items: [], maxBytes: 1e6 }),
    ).not.toThrow();
    expect(() => buildUploadFiles({ rtin: 'nope', items: [], maxBytes: 1e6 })).toThrow(
      BadInputError,
    );
    expect(() => build([], 0)).toThrow(RangeError);
    expect(() => build([], Number.NaN)).toThrow(RangeError);
    expect(() => build([item(r, dec('accept')), item(r, dec('reject'))])).toThrow(/listed twice/);
  });
});

describe('buildUploadFiles: round trip with the download parser', () => {
  it('keeps identity and amounts through download -> upload', () => {
    const download = {
      b2b: [
        {
          stin: SUP,
          inum: '000123',
          inv_typ: 'R',
          srcform: 'R1',
          rtnprd: '042026',
          idt: '05-04-2026',
          val: 1000.1,
          pos: '07',
          txval: 0.29,
          iamt: 20,
          camt: 0,
          samt: 0,
          cess: 0,
          action: 'N',
          hash: 'h',
          srcfilstatus: 'Filed',
          irn: 'keep-me',
        },
      ],
      b2bcna: [
        {
          stin: SUP,
          nt_num: 'CN-2',
          ont_num: 'CN-1',
          ont_dt: '01-03-2026',
          nt_dt: '02-04-2026',
          val: 5,
          txval: 5,
          action: 'A',
        },
      ],
    };
    const parsed = parseImsDownload(download, { file: 'ims.json', gstin: ME });
    const { save } = buildUploadFiles({
      rtin: ME,
      items: parsed.records.map((r) =>
        item(r, dec(r.section === 'b2b' ? 'accept' : 'pending', 'x')),
      ),
      maxBytes: 1e6,
    });
    const b = body(save[0]);
    const { action: _a, prev_status: _p, remarks: _r, ...rest } = b.invdata.b2b?.[0] ?? {};
    // The download-only fields never go back: hash, filing status, IRN.
    const { hash: _h, srcfilstatus: _s, action: _x, irn: _i, ...orig } = download.b2b[0] ?? {};
    expect(rest).toEqual(orig);
    expect(b.invdata.b2bcna?.[0]).toMatchObject({
      nt_num: 'CN-2',
      ont_num: 'CN-1',
      ont_dt: '01-03-2026',
      prev_status: 'A',
      action: 'P',
    });
  });
});

describe('utf8Length', () => {
  it('counts UTF-8 bytes of ASCII and of non-ASCII text alike', () => {
    for (const t of ['', 'plain ascii', 'नमस्ते ₹', '😀 pair', 'mixed a ₹ b 😀 c'])
      expect(utf8Length(t)).toBe(bytes(t));
  });
});
