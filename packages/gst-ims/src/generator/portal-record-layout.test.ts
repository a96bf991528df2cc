import { describe, expect, it } from 'vitest';
import { parseImsDownload } from '../core/parse-ims-download.js';
import { SECTIONS, SECTION_INFO } from '../core/sections.js';
import type { RecordFields } from './portal-record-layout.js';
import { buildRecord, recordLayout } from './portal-record-layout.js';

const FIELDS: RecordFields = {
  stin: '29AAACR5055K1Z3',
  tradenm: 'Kaveri Steels Pvt Ltd',
  onum: 'INV-1',
  odate: '03-09-2026',
  num: 'INV-2',
  date: '05-10-2026',
  invTyp: 'R',
  srcform: 'R1',
  rtnprd: '102026',
  srcfilstatus: 'Filed',
  val: 1180,
  pos: '27',
  txval: 1000,
  iamt: 180,
  camt: 0,
  samt: 0,
  cess: 0,
  action: 'N',
  ispendactblocked: 'N',
  hash: 'h',
};

describe('portal record layout', () => {
  it('spells a credit note amendment as the portal does, keys in its order', () => {
    expect(Object.keys(buildRecord('b2bcna', FIELDS))).toEqual([
      'stin',
      'tradenm',
      'ont_num',
      'ont_dt',
      'nt_num',
      'nt_dt',
      'inv_typ',
      'srcform',
      'rtnprd',
      'srcfilstatus',
      'val',
      'pos',
      'txval',
      'iamt',
      'camt',
      'samt',
      'cess',
      'action',
      'ispendactblocked',
      'hash',
    ]);
  });

  it.each(SECTIONS)('lays out %s from the section table', (section) => {
    const info = SECTION_INFO[section];
    const keys = recordLayout(info).map(([k]) => k);
    expect(keys).toContain(info.numberKey);
    expect(keys).toContain(info.dateKey);
    expect(keys.includes('inv_typ')).toBe(info.hasInvType);
    if (info.originalNumberKey === null) expect(keys).toHaveLength(info.hasInvType ? 18 : 17);
    else expect(keys.indexOf(info.originalNumberKey)).toBe(keys.indexOf(info.numberKey) - 2);
    const rec = buildRecord(section, FIELDS);
    expect(rec[info.numberKey]).toBe('INV-2');
    if (info.originalDateKey !== null) expect(rec[info.originalDateKey]).toBe('03-09-2026');
  });

  it('builds records the download parser reads whole, nothing left over as unknown', () => {
    const json = Object.fromEntries(SECTIONS.map((s) => [s, [buildRecord(s, FIELDS)]]));
    const parsed = parseImsDownload(json, { file: 'built.json', gstin: '27AABCU9603R1ZN' });
    expect(parsed.records).toHaveLength(SECTIONS.length);
    for (const r of parsed.records) {
      expect(r.extra).toEqual({});
      expect(r.docNumber).toBe('INV-2');
      expect(r.amounts.value).toBe(118000);
    }
    const amendments = parsed.records.filter((r) => SECTION_INFO[r.section].amendmentOf !== null);
    expect(amendments.map((r) => r.originalDocNumber)).toEqual([
      'INV-1',
      'INV-1',
      'INV-1',
      'INV-1',
    ]);
  });
});
