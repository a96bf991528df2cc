// The demo's supplier view (issue 17): the demo GSTIN's own November sales as the IMS supplier
// view shows them (supplier-view.md §3.1: GSTR-1 shape, each document with its customer's
// `imsactn`) and the added-back liabilities of the credit notes its customers rejected (§3.2).
// Deterministic from the seed; GST 2.0 rates.
import { isoDate, toPortalDate, withCheckChar } from '../core/index.js';
import type { RngSalt } from './rng.js';
import { Rng } from './rng.js';
import { pad } from './supplier-models.js';

const OUTWARD_SALT: RngSalt = [0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c];

export const DEMO_OUTWARD_PERIOD = '112026';

interface Customer {
  readonly gstin: string;
  readonly name: string;
}

const CUSTOMERS: readonly [string, string, string][] = [
  ['27', 'AAFCK4821M', 'Kulkarni Auto Parts'],
  ['27', 'AAHFP7310Q', 'Pawar Engineering Works'],
  ['29', 'AADCB2284L', 'Bengaluru Precision Tools'],
  ['33', 'AAGCM5512D', 'Madras Fasteners'],
  ['24', 'AAJFS9043K', 'Surat Textile Mills'],
  ['07', 'AAECD6675R', 'Delhi Hardware Traders'],
  ['36', 'AABCH3391N', 'Hyderabad Pumps'],
  ['27', 'AAKPN4417E', 'Nashik Agro Industries'],
];
const RATES = [5, 18, 18, 18, 40];
const REJECT_REMARKS = [
  'Goods not received',
  'Rate differs from the purchase order',
  'Quantity short',
  null,
  null,
];
const CN_REMARKS = ['Discount not agreed', 'Goods were not returned', null];

type Obj = Record<string, unknown>;
const rupees = (paise: number): number => paise / 100;

function customers(): Customer[] {
  return CUSTOMERS.map(([state, pan, name]) => ({
    gstin: withCheckChar(`${state}${pan}1Z`),
    name,
  }));
}

/** One document's rate-wise item and value, intra-state (CGST + SGST) in the supplier's state. */
function item(
  rng: Rng,
  ours: string,
  customer: string,
  taxablePaise: number,
): { itms: Obj[]; val: number; tax: { iamt: number; camt: number; samt: number } } {
  const rt = rng.pick(RATES);
  const tax = Math.round((taxablePaise * rt) / 100);
  const intra = customer.slice(0, 2) === ours.slice(0, 2);
  const half = Math.round(tax / 2);
  const t = intra ? { iamt: 0, camt: half, samt: half } : { iamt: tax, camt: 0, samt: 0 };
  const det: Obj = { rt, txval: rupees(taxablePaise) };
  if (intra) Object.assign(det, { camt: rupees(t.camt), samt: rupees(t.samt) });
  else det.iamt = rupees(t.iamt);
  det.csamt = 0;
  return {
    itms: [{ num: rt * 100 + 1, itm_det: det }],
    val: rupees(taxablePaise + t.iamt + t.camt + t.samt),
    tax: t,
  };
}

function action(rng: Rng): { imsactn?: string } {
  const x = rng.float();
  if (x < 0.6) return { imsactn: 'A' };
  if (x < 0.78) return {};
  if (x < 0.9) return { imsactn: 'P' };
  return { imsactn: 'R' };
}

function day(rng: Rng, month: 10 | 11): string {
  const d = isoDate(2026, month, rng.range(1, month === 10 ? 31 : 30));
  if (d === null) throw new Error('unreachable');
  return toPortalDate(d);
}

export interface DemoOutward {
  /** The sales with the customers' actions (GSTR-1 of November 2026). */
  readonly sales: Obj;
  /** The added-back liabilities of the same period. */
  readonly addedBack: Obj;
}

export function demoOutward(ours: string, seed: number): DemoOutward {
  const rng = new Rng(seed, OUTWARD_SALT);
  const people = customers();
  const b2b: Obj[] = [];
  const cdnr: Obj[] = [];
  const back: Obj[] = [];
  let inv = 0;
  let note = 0;
  for (const c of people) {
    const invoices: Obj[] = [];
    const count = rng.range(4, 9);
    for (let i = 0; i < count; i++) {
      inv++;
      const it = item(rng, ours, c.gstin, rng.range(5_000, 900_000) * 100);
      const act = action(rng);
      const remark = act.imsactn === 'R' ? rng.pick(REJECT_REMARKS) : null;
      invoices.push({
        inum: `DI/26-27/${pad(300 + inv, 4)}`,
        idt: day(rng, rng.chance(0.25) ? 10 : 11),
        val: it.val,
        pos: c.gstin.slice(0, 2),
        rchrg: 'N',
        inv_typ: 'R',
        itms: it.itms,
        ...act,
        ...(remark === null ? {} : { remarks: remark }),
      });
    }
    b2b.push({ ctin: c.gstin, cfs: 'Y', inv: invoices });
    if (rng.chance(0.6)) {
      note++;
      const it = item(rng, ours, c.gstin, rng.range(1_000, 60_000) * 100);
      const rejected = rng.chance(0.45);
      const remark = rejected ? rng.pick(CN_REMARKS) : null;
      const num = `DI/CN/${pad(note, 3)}`;
      const dt = day(rng, 11);
      cdnr.push({
        ctin: c.gstin,
        nt: [
          {
            nt_num: num,
            nt_dt: dt,
            ntty: 'C',
            val: it.val,
            pos: c.gstin.slice(0, 2),
            rchrg: 'N',
            inv_typ: 'R',
            itms: it.itms,
            ...(rejected ? { imsactn: 'R' } : { imsactn: rng.chance(0.5) ? 'A' : 'P' }),
            ...(remark === null ? {} : { remarks: remark }),
          },
        ],
      });
      if (rejected) {
        const taxable = (it.itms[0]?.itm_det as Obj).txval;
        back.push({
          ctin: c.gstin,
          tradenm: c.name,
          inv_typ: 'R',
          val: it.val,
          txval: taxable,
          iamt: rupees(it.tax.iamt),
          camt: rupees(it.tax.camt),
          samt: rupees(it.tax.samt),
          csamt: 0,
          supPrd: DEMO_OUTWARD_PERIOD,
          form: 'R1',
          nt_num: num,
          nt_dt: dt,
          ntty: 'C',
          ...(remark === null ? {} : { remarks: remark }),
        });
      }
    }
  }
  return {
    sales: { gstin: ours, rtnprd: DEMO_OUTWARD_PERIOD, gstr1: { b2b, cdnr } },
    addedBack: { gstin: ours, rtnprd: DEMO_OUTWARD_PERIOD, rejInvAddBackLiab: { cdnr: back } },
  };
}
