// Deterministic generator of a purchase register (the books side) for a generated IMS download,
// with realistic keying differences and the known truth of every pair (issue 3, accuracy harness).
// Pure: no clock, no Math.random, no I/O. The same options give the same rows everywhere.
//
// What the books get, per portal record (shares of all records; amendments see below):
//   - missing from the books: missingInBooksShare (default 3 %), expected missingInRegister;
//   - keying differences: keyingNoise (default 15 %), one of: case change or stray spaces
//     (expected exact), separators changed, fiscal year spelled differently or left out, zero
//     padding removed or added, date off by 1-5 days (expected probable); 30 % of them also get
//     rounding differences under Rs 1 (the outcome does not change);
//   - rounding differences alone: 5 % (expected exact);
//   - real mismatches, 2 %: taxable value off by Rs 100-900, IGST booked as CGST+SGST or the
//     reverse (headSwap), or a date 20-40 days off within the fiscal year (expected mismatch);
//   - rarer cases: 8 % of debit notes booked as invoices (probable, docTypeDiff), a document
//     booked under the supplier's other GSTIN of the same PAN (probable, panLevel), a number keyed
//     as a delivery-challan number, pairable on amounts only (probable, amountOnly), and 0.2 %
//     keyed under a challan number with another taxable value too: a true pair (mismatch) that
//     no evidence supports, so every honest matcher misses it (it costs recall);
//   - otherwise the document as the portal has it (expected exact).
// Amendments (b2ba, b2bdna, b2bcna, ecoma): the books hold ONE document per family.
//   - original in the download too: half the time the books kept the original (the original pairs
//     exact, the amendment is missingInRegister), half the time the books were updated to the
//     amended values but keep the original number and date (the amendment pairs, probable via the
//     original number or exact when the number and date did not change; the original is
//     missingInRegister);
//   - original not in the download: booked under the original number with the amended values
//     (probable viaOriginalNumber, or exact when unchanged), under the original number with the
//     pre-amendment values (mismatch), or under the amended number (exact).
// Real books (realBooksShare > 0, issue 13; off by default so the demo data stays as it was), each
// a share of the record count:
//   - the supplier GSTIN mistyped in the books (one character substituted, two transposed, or the
//     state code changed; failing the check character, no portal record's GSTIN): probable;
//   - booked in a later month (posting date beyond the window, one or two months on: goods in
//     transit): probable (periodShift);
//   - books-only documents that never enter IMS (reverse charge, imports without a GSTIN, ISD
//     credit, unregistered suppliers): notInIms.
// A second month: moreImsJsons adds the records of further downloads (another return period) to
// the books, as a register holding several months does.
// Every truth entry names its case, for the accuracy harness's per-case figures.
// Documents only in the books (onlyInBooksShare of the record count, default 2 %; expected
// missingInPortal): ordinary invoices and credit notes, pairs of same-amount invoices of one
// supplier a few days apart, decoys with the amounts of a document that is in both (the number
// must win), and two decoys with the amounts of a record missing from the books (ambiguous, so
// nothing may pair on amounts).
import { dayNumber, fromDayNumber } from '../core/dates.js';
import type { IsoDate } from '../core/dates.js';
import { UsageError } from '../core/errors.js';
import { panOf, withCheckChar } from '../core/gstin.js';
import { normaliseDocNumber, foldDocNumber } from '../core/normalise-doc-number.js';
import { parseImsDownload } from '../core/parse-ims-download.js';
import type { Amounts, PortalRecord } from '../core/record.js';
import type { MatchOutcome, RegisterDocument } from '../core/register.js';
import type { DocType } from '../core/sections.js';
import { SECTION_INFO } from '../core/sections.js';
import type { RngSalt } from './rng.js';
import { Rng } from './rng.js';
import type { Row } from './register-variations.js';
import {
  shiftWithinFy,
  changeSeparators,
  respellFiscalYear,
  changeZeroPadding,
  changeCase,
  withRounding,
  scaled,
  headSwapped,
  taxableOff,
  randomAmounts,
  mistype,
  shiftedExpectation,
} from './register-variations.js';

export interface GenerateRegisterOptions {
  seed: number;
  /** The `json` of generateImsDownload(...). */
  imsJson: Record<string, unknown>;
  recipientGstin: string;
  /** Share of documents with keying differences; default 0.15. */
  keyingNoise?: number;
  /** Share of portal records missing from the books; default 0.03. */
  missingInBooksShare?: number;
  /** Documents only in the books, as a share of the record count; default 0.02. */
  onlyInBooksShare?: number;
  /** Share of each real-books case (GSTIN typos, timing shifts, documents outside IMS); default 0 (off). */
  realBooksShare?: number;
  /** Further IMS downloads (e.g. the next month) whose records the books hold too. */
  moreImsJsons?: readonly Record<string, unknown>[];
}

export interface RegisterTruth {
  readonly recordKey: string | null;
  readonly registerRef: string | null;
  readonly expected: MatchOutcome;
  /** What the generator did: exact, keying, rounding, mismatch, gstinTypo, timingShift, reverseCharge, ... */
  readonly case: string;
}

export interface GeneratedRegister {
  rows: RegisterDocument[];
  truth: RegisterTruth[];
}

const REGISTER_SALT: RngSalt = [0x5bd1e995, 0x27d4eb2f, 0x165667b1, 0x61c88647];

export function generateRegister(opts: GenerateRegisterOptions): GeneratedRegister {
  const keyingNoise = opts.keyingNoise ?? 0.15;
  const missingShare = opts.missingInBooksShare ?? 0.03;
  const onlyShare = opts.onlyInBooksShare ?? 0.02;
  const realShare = opts.realBooksShare ?? 0;
  for (const [name, v] of [
    ['keyingNoise', keyingNoise],
    ['missingInBooksShare', missingShare],
    ['onlyInBooksShare', onlyShare],
    ['realBooksShare', realShare],
  ] as const) {
    if (!(v >= 0 && v <= 1))
      throw new UsageError(`${name} must be between 0 and 1, got ${String(v)}`);
  }
  if (!Number.isFinite(opts.seed))
    throw new UsageError(`seed must be a number, got ${String(opts.seed)}`);
  const rng = new Rng(Math.trunc(opts.seed), REGISTER_SALT);
  const records = parseImsDownload(opts.imsJson, {
    file: 'generated IMS download',
    gstin: opts.recipientGstin,
  }).records;
  if (opts.moreImsJsons !== undefined) {
    const keys = new Set(records.map((r) => r.key));
    for (const json of opts.moreImsJsons) {
      for (const r of parseImsDownload(json, {
        file: 'generated IMS download',
        gstin: opts.recipientGstin,
      }).records) {
        if (keys.has(r.key)) continue;
        keys.add(r.key);
        records.push(r);
      }
    }
  }
  const portalGstins = new Set(records.map((r) => r.supplierGstin));

  const rows: RegisterDocument[] = [];
  const truth: RegisterTruth[] = [];
  let seq = 0;
  const add = (row: Row): string => {
    seq++;
    const ref = `PV/${String(seq).padStart(6, '0')}`;
    const received = rng.chance(0.5) ? fromDayNumber(dayNumber(row.date) + rng.int(7)) : null;
    rows.push({
      ref,
      supplierGstin: row.gstin,
      supplierName: row.name,
      docNumber: row.number,
      docDate: row.date,
      docType: row.type,
      amounts: row.a,
      pos: row.pos,
      receivedDate: received,
      sourceRows: [seq + 1],
      extra: {},
      ...(row.outside ? { outsideIms: row.outside } : {}),
    });
    return ref;
  };
  const baseRow = (r: PortalRecord): Row => ({
    gstin: r.supplierGstin,
    name: r.supplierName,
    number: r.docNumber,
    date: r.docDate,
    type: SECTION_INFO[r.section].docType,
    a: r.amounts,
    pos: rng.chance(0.8) ? r.pos : null,
  });

  // Look-ups: numbers in use per GSTIN (to keep injected numbers from colliding), PAN siblings,
  // in-file originals of amendments.
  const numbersOf = new Map<string, Set<string>>();
  const gstinsOfPan = new Map<string, Set<string>>();
  const byIdentity = new Map<string, PortalRecord>();
  for (const r of records) {
    const set = numbersOf.get(r.supplierGstin) ?? new Set<string>();
    set.add(normaliseDocNumber(r.docNumber, r.docDate));
    if (r.originalDocNumber !== null)
      set.add(normaliseDocNumber(r.originalDocNumber, r.originalDocDate ?? r.docDate));
    numbersOf.set(r.supplierGstin, set);
    const pan = panOf(r.supplierGstin);
    const g = gstinsOfPan.get(pan) ?? new Set<string>();
    g.add(r.supplierGstin);
    gstinsOfPan.set(pan, g);
    if (SECTION_INFO[r.section].amendmentOf === null)
      byIdentity.set(
        `${r.section}|${r.supplierGstin}|${foldDocNumber(r.docNumber)}|${r.docDate}`,
        r,
      );
  }
  /** Base record -> its in-file amendment. */
  const amendmentOfOriginal = new Map<string, PortalRecord>();
  const originalOfAmendment = new Map<string, PortalRecord>();
  for (const r of records) {
    const info = SECTION_INFO[r.section];
    if (info.amendmentOf === null || r.originalDocNumber === null || r.originalDocDate === null)
      continue;
    const o = byIdentity.get(
      `${info.amendmentOf}|${r.supplierGstin}|${foldDocNumber(r.originalDocNumber)}|${r.originalDocDate}`,
    );
    if (o && !amendmentOfOriginal.has(o.key)) {
      amendmentOfOriginal.set(o.key, r);
      originalOfAmendment.set(r.key, o);
    }
  }

  const missing: PortalRecord[] = [];
  const bothSides: PortalRecord[] = [];
  const done = new Set<string>();
  const recordTruth = (
    r: PortalRecord,
    ref: string | null,
    expected: MatchOutcome,
    kind = 'amendment',
  ): void => {
    truth.push({ recordKey: r.key, registerRef: ref, expected, case: kind });
    done.add(r.key);
  };

  for (const r of records) {
    if (done.has(r.key)) continue;
    const info = SECTION_INFO[r.section];

    // Amendment families with both members in the download: handled at the amendment.
    if (amendmentOfOriginal.has(r.key)) continue;
    const inFileOriginal = originalOfAmendment.get(r.key);
    if (inFileOriginal) {
      const o = inFileOriginal;
      const close = Math.abs(o.amounts.taxable - r.amounts.taxable) <= 300;
      const identical =
        foldDocNumber(o.docNumber) === foldDocNumber(r.docNumber) &&
        o.docDate === r.docDate &&
        (['taxable', 'igst', 'cgst', 'sgst', 'cess'] as const).every(
          (f) => o.amounts[f] === r.amounts[f],
        );
      if (identical) {
        // Nothing tells the two apart: the later version (the amendment) takes the document.
        const ref = add(baseRow(o));
        recordTruth(r, ref, 'exact');
        recordTruth(o, null, 'missingInRegister');
      } else if (close || rng.chance(0.5)) {
        const ref = add(baseRow(o));
        recordTruth(o, ref, 'exact');
        recordTruth(r, null, 'missingInRegister');
      } else {
        const ref = add({ ...baseRow(r), number: o.docNumber, date: o.docDate });
        const same =
          foldDocNumber(o.docNumber) === foldDocNumber(r.docNumber) && o.docDate === r.docDate;
        recordTruth(r, ref, same ? 'exact' : 'probable');
        recordTruth(o, null, 'missingInRegister');
      }
      continue;
    }

    if (rng.chance(missingShare)) {
      recordTruth(r, null, 'missingInRegister', 'missingInBooks');
      missing.push(r);
      continue;
    }

    if (realShare > 0 && info.amendmentOf === null) {
      const special = rng.float();
      if (special < realShare) {
        const typo = mistype(r.supplierGstin, rng, portalGstins);
        if (typo !== null) {
          const ref = add({ ...baseRow(r), gstin: typo });
          recordTruth(r, ref, 'probable', 'gstinTypo');
          continue;
        }
      } else if (special < 2 * realShare) {
        // Booked (posting date) in a later month: the first days of the next month or two.
        const d = r.docDate;
        const nextMonth = fromDayNumber(dayNumber(d) - Number(d.slice(8, 10)) + 32);
        const firstOfNext = fromDayNumber(
          dayNumber(nextMonth) - Number(nextMonth.slice(8, 10)) + 1,
        );
        let booked = fromDayNumber(dayNumber(firstOfNext) + rng.range(0, 20));
        if (dayNumber(booked) - dayNumber(d) <= 10) booked = fromDayNumber(dayNumber(d) + 11);
        const ref = add({ ...baseRow(r), date: booked });
        const e = shiftedExpectation(d, booked);
        recordTruth(r, ref, e.expected, e.case);
        continue;
      }
    }

    if (info.amendmentOf !== null && r.originalDocNumber !== null) {
      const oDate = r.originalDocDate ?? r.docDate;
      const same =
        foldDocNumber(r.originalDocNumber) === foldDocNumber(r.docNumber) && oDate === r.docDate;
      const roll = rng.float();
      if (roll < 0.4) {
        const ref = add({ ...baseRow(r), number: r.originalDocNumber, date: oDate });
        recordTruth(r, ref, same ? 'exact' : 'probable');
      } else if (roll < 0.7) {
        const up = rng.chance(0.5);
        const pre = scaled(r.amounts, up ? rng.range(105, 115) : rng.range(85, 95), 100);
        const ref = add({ ...baseRow(r), number: r.originalDocNumber, date: oDate, a: pre });
        recordTruth(
          r,
          ref,
          Math.abs(pre.taxable - r.amounts.taxable) > 100
            ? 'mismatch'
            : same
              ? 'exact'
              : 'probable',
        );
      } else {
        const ref = add(baseRow(r));
        recordTruth(r, ref, 'exact');
      }
      continue;
    }

    const row = baseRow(r);
    let expected: MatchOutcome = 'exact';
    let kindOf = 'exact';
    const roll = rng.float();
    const type = SECTION_INFO[r.section].docType;
    const siblings = [...(gstinsOfPan.get(panOf(r.supplierGstin)) ?? [])]
      .filter((g) => g !== r.supplierGstin)
      .sort();
    const norm = normaliseDocNumber(r.docNumber, r.docDate);
    if (roll < 0.02) {
      // A real mismatch.
      const kind = rng.float();
      const swapped = headSwapped(r.amounts);
      if (kind < 0.3 && swapped) row.a = swapped;
      else if (kind < 0.8) row.a = taxableOff(r.amounts, rng);
      else row.date = shiftWithinFy(r.docDate, rng.range(20, 40) * (rng.chance(0.5) ? -1 : 1));
      expected = 'mismatch';
      kindOf = 'mismatch';
      // A date a month or two away with the amounts agreeing is a timing difference (issue 13).
      if (row.date !== r.docDate && row.a === r.amounts) {
        const e = shiftedExpectation(r.docDate, row.date);
        expected = e.expected;
        kindOf = e.case;
      }
    } else if (roll < 0.1 && type === 'debitNote') {
      row.type = 'invoice';
      expected = 'probable';
      kindOf = 'docTypeDiff';
    } else if (
      roll < 0.026 &&
      siblings.length > 0 &&
      siblings.every((g) => !(numbersOf.get(g)?.has(norm) ?? false))
    ) {
      row.gstin = rng.pick(siblings);
      expected = 'probable';
      kindOf = 'panLevel';
    } else if (roll < 0.03 && r.amounts.taxable >= 100000) {
      row.number = `CH-${rng.range(100000, 999999)}`;
      expected = 'probable';
      kindOf = 'amountOnly';
    } else if (roll < 0.032) {
      // Keyed under a challan number AND with another taxable value: the same document, but
      // nothing on either side says so. A matcher that finds it is guessing; expected to be missed.
      row.number = `CH-${rng.range(100000, 999999)}`;
      row.a = taxableOff(r.amounts, rng);
      expected = 'mismatch';
      kindOf = 'unpairable';
    } else if (roll < 0.032 + keyingNoise) {
      kindOf = 'keying';
      const kind = rng.float();
      let num: string | null = null;
      if (kind < 0.2) num = changeCase(r.docNumber, rng);
      else if (kind < 0.4) num = changeSeparators(r.docNumber, rng);
      else if (kind < 0.55)
        num = respellFiscalYear(r.docNumber, r.docDate, rng) ?? changeSeparators(r.docNumber, rng);
      else if (kind < 0.7) num = changeZeroPadding(r.docNumber, r.docDate);
      if (num !== null && normaliseDocNumber(num, r.docDate) !== norm) num = null; // keep the generator honest
      if (num !== null) {
        row.number = num;
        expected = foldDocNumber(num) === foldDocNumber(r.docNumber) ? 'exact' : 'probable';
      } else {
        row.date = shiftWithinFy(r.docDate, rng.range(1, 5) * (rng.chance(0.5) ? -1 : 1));
        expected = 'probable';
      }
      if (rng.chance(0.3)) row.a = withRounding(r.amounts, rng);
    } else if (roll < 0.082 + keyingNoise) {
      row.a = withRounding(r.amounts, rng);
      kindOf = 'rounding';
    }
    const ref = add(row);
    recordTruth(r, ref, expected, kindOf);
    if (expected === 'exact') bothSides.push(r);
  }

  // Documents only in the books.
  const onlyCount = Math.round(onlyShare * records.length);
  const pool = records.filter((r) => SECTION_INFO[r.section].amendmentOf === null);
  let made = 0;
  let obSeq = 0;
  const onlyRow = (like: PortalRecord, a: Amounts, date: IsoDate, type: DocType): void => {
    obSeq++;
    const ref = add({
      gstin: like.supplierGstin,
      name: like.supplierName,
      number: `OB-${String(obSeq).padStart(5, '0')}`,
      date,
      type,
      a,
      pos: like.pos,
    });
    truth.push({
      recordKey: null,
      registerRef: ref,
      expected: 'missingInPortal',
      case: 'onlyInBooks',
    });
    made++;
  };
  while (made < onlyCount && pool.length > 0) {
    const like = rng.pick(pool);
    const intra = like.amounts.cgst > 0;
    const date = shiftWithinFy(like.docDate, rng.range(-10, 10));
    const roll = rng.float();
    if (roll < 0.2) {
      // Two same-amount invoices of one supplier, a few days apart.
      const a = randomAmounts(rng, intra);
      onlyRow(like, a, date, 'invoice');
      onlyRow(like, a, shiftWithinFy(date, rng.range(0, 3)), 'invoice');
    } else if (roll < 0.3 && bothSides.length > 0) {
      // A decoy with the amounts of a document present on both sides (exact there).
      const r = rng.pick(bothSides);
      onlyRow(
        r,
        r.amounts,
        shiftWithinFy(r.docDate, rng.range(-3, 3)),
        SECTION_INFO[r.section].docType,
      );
    } else if (roll < 0.35 && missing.length > 0) {
      // Two decoys with the amounts of a record missing from the books: ambiguous.
      const r = rng.pick(missing);
      const t = SECTION_INFO[r.section].docType;
      onlyRow(r, r.amounts, shiftWithinFy(r.docDate, rng.range(-3, 3)), t);
      onlyRow(r, r.amounts, shiftWithinFy(r.docDate, rng.range(-3, 3)), t);
    } else {
      onlyRow(like, randomAmounts(rng, intra), date, rng.chance(0.1) ? 'creditNote' : 'invoice');
    }
  }

  // Documents that never enter IMS.
  if (realShare > 0 && pool.length > 0) {
    const isd = withCheckChar(`${opts.recipientGstin.slice(0, 12)}9Z`);
    const kinds = [
      ['reverseCharge', 1],
      ['import', 0.5],
      ['isd', 0.3],
      ['unregistered', 0.5],
    ] as const;
    let n = 0;
    for (const [kind, weight] of kinds) {
      const count = Math.round(realShare * weight * records.length);
      for (let k = 0; k < count; k++) {
        n++;
        const like = rng.pick(pool);
        const date = shiftWithinFy(like.docDate, rng.range(-10, 10));
        const intra = like.amounts.cgst > 0;
        const row: Row = {
          gstin:
            kind === 'import' || kind === 'unregistered'
              ? ''
              : kind === 'isd'
                ? isd
                : like.supplierGstin,
          name:
            kind === 'import'
              ? 'Overseas supplier'
              : kind === 'unregistered'
                ? 'Unregistered supplier'
                : like.supplierName,
          number: `${{ reverseCharge: 'RCM', import: 'BE', isd: 'ISD', unregistered: 'UR' }[kind]}-${String(n).padStart(6, '0')}`,
          date,
          type: 'invoice',
          a: randomAmounts(rng, kind === 'import' ? false : intra),
          pos: like.pos,
          outside: kind,
        };
        // A reverse-charge purchase sometimes carries the number and amounts of a record the
        // books miss: the matcher must still not pair it (it never enters IMS).
        if (kind === 'reverseCharge' && missing.length > 0 && rng.chance(0.2)) {
          const m = rng.pick(missing);
          if (SECTION_INFO[m.section].docType === 'invoice') {
            row.gstin = m.supplierGstin;
            row.number = m.docNumber;
            row.date = m.docDate;
            row.a = m.amounts;
          }
        }
        const ref = add(row);
        truth.push({ recordKey: null, registerRef: ref, expected: 'notInIms', case: kind });
      }
    }
  }
  return { rows, truth };
}
