// GSTR-2B and GSTR-3B JSON built from generated IMS records and their decisions (issue 12), and
// the demo's month end: October's 2B, November's IMS download, 2B and 3B, and a register of both
// months. Pure: no clock, no randomness beyond the seeded generators, no I/O.
//
// The 2B of a period counts what the portal counts (gstr2b-gstr3b.md §5, ims-formats.md §6):
// records of that 2B period whose supplier has filed, accepted or on No Action (deemed accepted)
// in `docdata`, rejected ones in `docRejdata`, Pending ones nowhere. Its `itcsumm` is computed
// from its own documents, so it never disagrees with them.
import type { Action } from '../core/actions.js';
import type { IsoDate } from '../core/dates.js';
import { toPortalDate } from '../core/dates.js';
import type { Gstr2bTable4 } from '../core/gstr2b-totals.js';
import {
  ZERO_HEADS,
  addHeads,
  gstr2bTable4,
  headsTotal,
  summaryFromDocuments,
} from '../core/gstr2b-totals.js';
import type { Heads } from '../core/parse-gstr2b.js';
import { GSTR2B_BUCKETS, GSTR2B_GROUPS, parseGstr2b } from '../core/parse-gstr2b.js';
import { parseImsDownload } from '../core/parse-ims-download.js';
import { addPeriods, twoBPeriod } from '../core/pending-window.js';
import type { PortalRecord } from '../core/record.js';
import type { RegisterDocument } from '../core/register.js';
import type { Section } from '../core/sections.js';
import {
  DEMO_RECIPIENT_GSTIN,
  DEMO_SEED,
  demoDownload,
  generateImsDownload,
} from './generate-ims.js';
import { generateRegister } from './generate-register.js';
import { registerToTallyCsv } from './register-csv.js';

type Obj = Record<string, unknown>;
const rupees = (p: number): number => p / 100;

/** Where each IMS section's documents sit in the 2B: section, list key and note type. */
const PLACE: Readonly<
  Record<Section, { section: string; docs: 'inv' | 'nt'; typ: 'R' | 'C' | 'D'; amended: boolean }>
> = {
  b2b: { section: 'b2b', docs: 'inv', typ: 'R', amended: false },
  b2ba: { section: 'b2ba', docs: 'inv', typ: 'R', amended: true },
  b2bdn: { section: 'cdnr', docs: 'nt', typ: 'D', amended: false },
  b2bdna: { section: 'cdnra', docs: 'nt', typ: 'D', amended: true },
  b2bcn: { section: 'cdnr', docs: 'nt', typ: 'C', amended: false },
  b2bcna: { section: 'cdnra', docs: 'nt', typ: 'C', amended: true },
  ecom: { section: 'ecom', docs: 'inv', typ: 'R', amended: false },
  ecoma: { section: 'ecoma', docs: 'inv', typ: 'R', amended: true },
};

export interface Gstr2bFromRecordsOptions {
  readonly gstin: string;
  /** The 2B period, MMYYYY. */
  readonly period: string;
  /** The date the 2B was generated (the 14th of the next month, usually). */
  readonly generatedOn: IsoDate;
  readonly records: readonly PortalRecord[];
  /** The action each record held when the 2B was generated; default the portal's. */
  readonly actionOf?: (r: PortalRecord) => Action;
  /** Documents outside IMS (reverse charge, ISD, imports), by 2B section, added to `docdata`. */
  readonly outsideIms?: Readonly<Record<string, readonly Obj[]>>;
}

/** The document as the 2B lists it (v4 flat amounts). */
function documentOf(
  r: PortalRecord,
  typ: 'R' | 'C' | 'D',
  docs: 'inv' | 'nt',
  amended: boolean,
): Obj {
  const num = docs === 'inv' ? { inum: r.docNumber } : { ntnum: r.docNumber };
  const orig =
    !amended || r.originalDocNumber === null
      ? {}
      : docs === 'inv'
        ? {
            oinum: r.originalDocNumber,
            oidt: r.originalDocDate === null ? '' : toPortalDate(r.originalDocDate),
          }
        : {
            ontnum: r.originalDocNumber,
            ontdt: r.originalDocDate === null ? '' : toPortalDate(r.originalDocDate),
          };
  const a = r.amounts;
  return {
    ...num,
    ...orig,
    typ,
    dt: toPortalDate(r.docDate),
    val: rupees(a.value),
    pos: r.pos ?? '',
    rev: 'N',
    itcavl: 'Y',
    rsn: '',
    diffprcnt: 1,
    txval: rupees(a.taxable),
    igst: rupees(a.igst),
    cgst: rupees(a.cgst),
    sgst: rupees(a.sgst),
    cess: rupees(a.cess),
  };
}

/** The supplier's filing date in the 2B: the 11th of the month after its return period. */
function filedOn(returnPeriod: string): string {
  const next = addPeriods(returnPeriod, 1) ?? returnPeriod;
  return `11-${next.slice(0, 2)}-${next.slice(2)}`;
}

function sectionsOf(records: readonly PortalRecord[]): Obj {
  const out: Record<string, Obj[]> = {};
  const bySupplier = new Map<string, Obj & { docs: Obj[] }>();
  for (const r of records) {
    const place = PLACE[r.section];
    const key = `${place.section}|${r.supplierGstin}|${r.returnPeriod ?? ''}`;
    let s = bySupplier.get(key);
    if (s === undefined) {
      const rp = r.returnPeriod ?? '';
      s = {
        ctin: r.supplierGstin,
        trdnm: r.supplierName ?? '',
        supprd: rp,
        supfildt: filedOn(rp),
        docs: [],
      };
      bySupplier.set(key, s);
      (out[place.section] ??= []).push(s);
    }
    s.docs.push(documentOf(r, place.typ, place.docs, place.amended));
  }
  for (const [section, list] of Object.entries(out)) {
    const docsKey = section === 'cdnr' || section === 'cdnra' ? 'nt' : 'inv';
    out[section] = list.map(({ docs, ...s }) => ({ ...s, [docsKey]: docs }));
  }
  return out;
}

function headsJson(h: Heads): Obj {
  return { igst: rupees(h.igst), cgst: rupees(h.cgst), sgst: rupees(h.sgst), cess: rupees(h.cess) };
}

/**
 * The portal's GSTR-2B JSON (in the API's `data` wrapper) of `period`, from the records and the
 * actions they held when it was generated.
 */
export function gstr2bFromRecords(opts: Gstr2bFromRecordsOptions): Obj {
  const actionOf = opts.actionOf ?? ((r: PortalRecord) => r.portalAction);
  const inPeriod = opts.records.filter(
    (r) => twoBPeriod(r) === opts.period && r.supplierFiled !== false,
  );
  const counted = inPeriod.filter((r) => actionOf(r) === 'accept' || actionOf(r) === 'noAction');
  const rejected = inPeriod.filter((r) => actionOf(r) === 'reject');
  const docdata: Obj = sectionsOf(counted);
  for (const [section, list] of Object.entries(opts.outsideIms ?? {}))
    docdata[section] = [...((docdata[section] as Obj[] | undefined) ?? []), ...list];
  const data: Obj = {
    gstin: opts.gstin,
    rtnprd: opts.period,
    version: '4.0',
    gendt: toPortalDate(opts.generatedOn),
    docdata,
    docRejdata: sectionsOf(rejected),
  };
  const computed = summaryFromDocuments(parseGstr2b(data, 'generated').documents);
  const itcsumm: Obj = {};
  for (const b of GSTR2B_BUCKETS) {
    const groups: Obj = {};
    for (const g of GSTR2B_GROUPS) {
      const { children, ...heads } = computed[b][g];
      groups[g] = {
        ...headsJson(heads),
        ...Object.fromEntries(Object.entries(children).map(([k, h]) => [k, headsJson(h)])),
      };
    }
    itcsumm[b] = groups;
  }
  return { chksum: 'generated', data: { ...data, itcsumm } };
}

const row = (ty: string, h: Heads): Obj => ({
  ty,
  iamt: rupees(h.igst),
  camt: rupees(h.cgst),
  samt: rupees(h.sgst),
  csamt: rupees(h.cess),
});
const net = (h: Heads): Obj => ({
  iamt: rupees(h.igst),
  camt: rupees(h.cgst),
  samt: rupees(h.sgst),
  csamt: rupees(h.cess),
});

/**
 * A GSTR-3B JSON whose Table 4 takes the 2B's lines as the portal auto-populates them (§5), with
 * `claimedAbove2b` added to 4(A)(5): ITC the books claim this month that the 2B does not carry.
 */
export function gstr3bFrom2b(opts: {
  gstin: string;
  period: string;
  table4: Gstr2bTable4;
  claimedAbove2b: Heads;
}): Obj {
  const t = opts.table4;
  const oth = addHeads(t.allOther, opts.claimedAbove2b);
  const avl = [t.imports, ZERO_HEADS, t.reverseCharge, t.isd, oth].reduce(
    (a, h) => addHeads(a, h),
    ZERO_HEADS,
  );
  return {
    gstin: opts.gstin,
    ret_period: opts.period,
    itc_elg: {
      itc_avl: [
        row('IMPG', t.imports),
        row('IMPS', ZERO_HEADS),
        row('ISRC', t.reverseCharge),
        row('ISD', t.isd),
        row('OTH', oth),
      ],
      itc_rev: [row('RUL', ZERO_HEADS), row('OTH', t.rule37a)],
      itc_net: net(addHeads(avl, t.rule37a, -1)),
      itc_inelg: [row('RUL', ZERO_HEADS), row('OTH', t.notAvailable)],
    },
  };
}

// ---------------------------------------------------------------------------------------------
// The demo's month end.

export const DEMO_NEXT_PERIOD = '112026';
/** New records of November's download (beside those of November carried from October's). */
export const DEMO_NEXT_COUNT = 300;
/** Rejected on the portal after October's 2B was generated: the 2B still counts them. */
export const DEMO_REJECTED_AFTER_2B = 2;
/** The day the demo's books received the October invoice that November's 3B claims. */
export const DEMO_EXCESS_BOOKED_ON = '2026-11-03' as IsoDate;

export interface DemoMonth {
  readonly october2b: Obj;
  /** November's IMS download: the records of return period 11/2026 (new, and carried from October's). */
  readonly novemberDownload: Obj;
  readonly november2b: Obj;
  readonly november3b: Obj;
  /** The books of both months, the October invoice booked in November among them. */
  readonly register: RegisterDocument[];
  /** The October invoice deemed accepted in October's 2B and claimed again in November's 3B. */
  readonly excessRecord: PortalRecord;
  /** Records rejected after October's 2B was generated (it counts them: recompute). */
  readonly rejectedAfter2b: readonly string[];
}

const records = (json: Obj): PortalRecord[] =>
  parseImsDownload(json, { file: 'generated', gstin: DEMO_RECIPIENT_GSTIN }).records;
const taxOf = (r: PortalRecord): Heads => ({
  igst: r.amounts.igst,
  cgst: r.amounts.cgst,
  sgst: r.amounts.sgst,
  cess: r.amounts.cess,
});

/** Documents outside IMS in November's 2B: reverse charge, an ISD invoice, an import bill of entry. */
const NOVEMBER_OUTSIDE_IMS: Readonly<Record<string, readonly Obj[]>> = {
  b2b: [
    {
      ctin: '27AAACG1539P1ZB',
      trdnm: 'Goodway Transport Co',
      supprd: '112026',
      supfildt: '11-12-2026',
      inv: [
        {
          inum: 'GTA/2026/0412',
          typ: 'R',
          dt: '18-11-2026',
          val: 42000,
          pos: '27',
          rev: 'Y',
          itcavl: 'Y',
          rsn: '',
          diffprcnt: 1,
          txval: 40000,
          igst: 0,
          cgst: 1000,
          sgst: 1000,
          cess: 0,
        },
      ],
    },
  ],
  isd: [
    {
      ctin: '27AABCU9603R2ZM',
      trdnm: 'Demo Industries Head Office (ISD)',
      supprd: '112026',
      supfildt: '13-12-2026',
      doclist: [
        {
          doctyp: 'ISDI',
          docnum: 'ISD/26-27/011',
          docdt: '30-11-2026',
          igst: 0,
          cgst: 2250,
          sgst: 2250,
          cess: 0,
          itcelg: 'Y',
        },
      ],
    },
  ],
  impg: [
    {
      refdt: '16-11-2026',
      recdt: '17-11-2026',
      portcode: 'INNSA1',
      boenum: '4821937',
      boedt: '14-11-2026',
      isamd: 'N',
      txval: 250000,
      igst: 45000,
      cess: 0,
    },
  ],
};

/**
 * The October invoice the demo's November 3B claims again: a b2b invoice of October's 2B left on
 * No Action (deemed accepted), in the books exactly, with tax between Rs 5,000 and Rs 10,000.
 */
function pickExcessRecord(
  october: readonly PortalRecord[],
  exactKeys: ReadonlySet<string>,
): PortalRecord {
  const pick = [...october]
    .filter(
      (r) =>
        r.section === 'b2b' &&
        twoBPeriod(r) === '102026' &&
        r.supplierFiled &&
        r.portalAction === 'noAction' &&
        exactKeys.has(r.key),
    )
    .filter((r) => headsTotal(taxOf(r)) >= 5_000_00 && headsTotal(taxOf(r)) <= 10_000_00)
    .sort((a, b) => a.key.localeCompare(b.key))[0];
  if (pick === undefined)
    throw new Error('the demo data has no October invoice to claim again in November');
  return pick;
}

/** The demo's month end, built on the demo download `gst-ims demo` imports. Deterministic. */
export function demoMonth(): DemoMonth {
  const octJson = demoDownload().json;
  const october = records(octJson);
  const rejectedAfter2b = october
    .filter(
      (r) =>
        r.section === 'b2b' &&
        twoBPeriod(r) === '102026' &&
        r.supplierFiled &&
        r.portalAction === 'reject',
    )
    .map((r) => r.key)
    .sort()
    .slice(0, DEMO_REJECTED_AFTER_2B);
  const counted = new Set(rejectedAfter2b);
  const october2b = gstr2bFromRecords({
    gstin: DEMO_RECIPIENT_GSTIN,
    period: '102026',
    generatedOn: '2026-11-14' as IsoDate,
    records: october,
    actionOf: (r) => (counted.has(r.key) ? 'noAction' : r.portalAction),
  });

  const novemberDownload = nextDownload(octJson);
  const november = records(novemberDownload);
  const latest = new Map(october.map((r) => [r.key, r]));
  for (const r of november) latest.set(r.key, r);
  const november2b = gstr2bFromRecords({
    gstin: DEMO_RECIPIENT_GSTIN,
    period: DEMO_NEXT_PERIOD,
    generatedOn: '2026-12-14' as IsoDate,
    records: [...latest.values()],
    outsideIms: NOVEMBER_OUTSIDE_IMS,
  });

  const books = generateRegister({
    seed: DEMO_SEED,
    imsJson: octJson,
    moreImsJsons: [novemberDownload],
    recipientGstin: DEMO_RECIPIENT_GSTIN,
  });
  const exact = new Map(
    books.truth
      .filter((t) => t.case === 'exact' && t.recordKey !== null && t.registerRef !== null)
      .map((t) => [t.recordKey as string, t.registerRef as string]),
  );
  const excessRecord = pickExcessRecord(october, new Set(exact.keys()));
  const ref = exact.get(excessRecord.key);
  // The books take every document in the month of its date, but for the one invoice whose goods
  // came in on 3 November: the single difference between November's books and its 2B.
  const register = books.rows.map((d) => ({
    ...d,
    receivedDate: d.ref === ref ? DEMO_EXCESS_BOOKED_ON : null,
  }));

  const t4 = gstr2bTable4(parseGstr2b(november2b, 'generated'));
  const november3b = gstr3bFrom2b({
    gstin: DEMO_RECIPIENT_GSTIN,
    period: DEMO_NEXT_PERIOD,
    table4: t4,
    claimedAbove2b: taxOf(excessRecord),
  });
  return {
    october2b,
    novemberDownload,
    november2b,
    november3b,
    register,
    excessRecord,
    rejectedAfter2b,
  };
}

/**
 * November's IMS download: October's records of return period 11/2026 still in IMS (half of those
 * whose supplier had not filed have filed since), and new records of 11/2026. Records
 * of earlier return periods are left out, so importing it leaves October's records as they are.
 */
function nextDownload(octJson: Obj): Obj {
  const keep = (e: Obj): boolean => e.rtnprd === DEMO_NEXT_PERIOD;
  const oct = octJson.imsDetails as Record<string, Obj[]>;
  const fresh = generateImsDownload({
    seed: DEMO_SEED + 1,
    count: DEMO_NEXT_COUNT,
    recipientGstin: DEMO_RECIPIENT_GSTIN,
    returnPeriod: DEMO_NEXT_PERIOD,
  }).json.imsDetails as Record<string, Obj[]>;
  const out: Record<string, Obj[]> = {};
  const seen = new Set<string>();
  const id = (s: string, e: Obj): string => `${s}|${String(e.stin)}|${String(e.inum ?? e.nt_num)}`;
  let notFiled = 0;
  for (const [section, list] of Object.entries(oct)) {
    out[section] = list.filter(keep).map((e) => {
      seen.add(id(section, e));
      if (e.srcfilstatus !== 'Not Filed') return e;
      return notFiled++ % 2 === 0 ? { ...e, srcfilstatus: 'Filed' } : e;
    });
  }
  for (const [section, list] of Object.entries(fresh)) {
    (out[section] ??= []).push(...list.filter((e) => keep(e) && !seen.has(id(section, e))));
  }
  return { gstin: DEMO_RECIPIENT_GSTIN, imsDetails: out };
}

/**
 * The demo's register of both months as TallyPrime exports it, with a "GRN Date" column added
 * (a column users add to the export): the date the goods came in, which decides the month the
 * books claim the ITC in.
 */
export function registerWithGrnCsv(
  docs: readonly RegisterDocument[],
  company: string,
  period: string,
): string {
  const lines = registerToTallyCsv(docs, company, period).split('\r\n');
  const header = lines.findIndex((l) => l.startsWith('Date,'));
  return lines
    .map((l, i) => {
      if (i < header || l === '') return l;
      if (i === header) return `${l},GRN Date`;
      const d = docs[i - header - 1];
      return `${l},${d?.receivedDate === null || d?.receivedDate === undefined ? '' : toPortalDate(d.receivedDate)}`;
    })
    .join('\r\n');
}
