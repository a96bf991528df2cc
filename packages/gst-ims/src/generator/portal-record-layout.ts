// A generated record in the portal's spelling and key order (ims-formats.md section 2), laid out
// from core's section table: the number and date keys, the original document's keys of an
// amendment, and whether the section has an invoice type all come from SECTION_INFO.
import type { Section, SectionInfo } from '../core/sections.js';
import { SECTIONS, SECTION_INFO } from '../core/sections.js';

/** A record's values, whatever its section calls them. */
export interface RecordFields {
  stin: string;
  tradenm: string;
  /** The original document of an amendment. */
  onum: string;
  odate: string;
  num: string;
  date: string;
  invTyp: string;
  srcform: string;
  rtnprd: string;
  srcfilstatus: string;
  val: number;
  pos: string;
  txval: number;
  iamt: number;
  camt: number;
  samt: number;
  cess: number;
  action: string;
  ispendactblocked: string;
  hash: string;
}

type Layout = readonly (readonly [key: string, from: keyof RecordFields])[];

/** The portal's keys of a section's record, in the order the portal writes them. */
export function recordLayout(info: SectionInfo): Layout {
  const original: Layout =
    info.originalNumberKey !== null && info.originalDateKey !== null
      ? [
          [info.originalNumberKey, 'onum'],
          [info.originalDateKey, 'odate'],
        ]
      : [];
  return [
    ['stin', 'stin'],
    ['tradenm', 'tradenm'],
    ...original,
    [info.numberKey, 'num'],
    [info.dateKey, 'date'],
    ...(info.hasInvType ? ([['inv_typ', 'invTyp']] as const) : []),
    ['srcform', 'srcform'],
    ['rtnprd', 'rtnprd'],
    ['srcfilstatus', 'srcfilstatus'],
    ['val', 'val'],
    ['pos', 'pos'],
    ['txval', 'txval'],
    ['iamt', 'iamt'],
    ['camt', 'camt'],
    ['samt', 'samt'],
    ['cess', 'cess'],
    ['action', 'action'],
    ['ispendactblocked', 'ispendactblocked'],
    ['hash', 'hash'],
  ];
}

const LAYOUTS: Readonly<Record<Section, Layout>> = Object.fromEntries(
  SECTIONS.map((s) => [s, recordLayout(SECTION_INFO[s])]),
) as Record<Section, Layout>;

/** One record of section `sec`, its keys in the portal's order. */
export function buildRecord(sec: Section, f: RecordFields): Record<string, unknown> {
  const rec: Record<string, unknown> = {};
  for (const [key, from] of LAYOUTS[sec]) rec[key] = f[from];
  return rec;
}
