// The eight IMS sections and everything that differs between them (ims-formats.md section 1).
export const SECTIONS = [
  'b2b',
  'b2ba',
  'b2bdn',
  'b2bdna',
  'b2bcn',
  'b2bcna',
  'ecom',
  'ecoma',
] as const;
export type Section = (typeof SECTIONS)[number];

export type DocType = 'invoice' | 'debitNote' | 'creditNote';

export interface SectionInfo {
  readonly section: Section;
  readonly label: string;
  /** Sheet name in the government's offline-tool workbook. */
  readonly sheet: string;
  readonly docType: DocType;
  readonly numberKey: 'inum' | 'nt_num';
  readonly dateKey: 'idt' | 'nt_dt';
  readonly originalNumberKey: 'oinum' | 'ont_num' | null;
  readonly originalDateKey: 'oidt' | 'ont_dt' | null;
  readonly hasInvType: boolean;
  readonly amendmentOf: Section | null;
  /** The portal accepts an ITC-reduction declaration on Accept (Oct 2025 rules; IC and EY union). */
  readonly itcReductionAllowed: boolean;
  /**
   * An Accept must carry the declaration unless the record blocks it (itc-reduction.md §3: the
   * portal refuses it with IMSSAV0054 otherwise). ecoma takes one but is not required: IC says
   * the portal does not offer it yet, so nothing is sent there unless the user declares.
   */
  readonly itcReductionRequired: boolean;
  /** Keys the portal's error report may use for this section. */
  readonly errorReportKeys: readonly string[];
}

const info = (s: SectionInfo): SectionInfo => s;

export const SECTION_INFO: Readonly<Record<Section, SectionInfo>> = {
  b2b: info({
    section: 'b2b',
    label: 'B2B invoices',
    sheet: 'B2B',
    docType: 'invoice',
    numberKey: 'inum',
    dateKey: 'idt',
    originalNumberKey: null,
    originalDateKey: null,
    hasInvType: true,
    amendmentOf: null,
    itcReductionAllowed: false,
    itcReductionRequired: false,
    errorReportKeys: ['b2b'],
  }),
  b2ba: info({
    section: 'b2ba',
    label: 'B2B invoice amendments',
    sheet: 'B2BA',
    docType: 'invoice',
    numberKey: 'inum',
    dateKey: 'idt',
    originalNumberKey: 'oinum',
    originalDateKey: 'oidt',
    hasInvType: true,
    amendmentOf: 'b2b',
    itcReductionAllowed: true,
    itcReductionRequired: true,
    errorReportKeys: ['b2ba'],
  }),
  b2bdn: info({
    section: 'b2bdn',
    label: 'Debit notes',
    sheet: 'B2B-DN',
    docType: 'debitNote',
    numberKey: 'nt_num',
    dateKey: 'nt_dt',
    originalNumberKey: null,
    originalDateKey: null,
    hasInvType: true,
    amendmentOf: null,
    itcReductionAllowed: false,
    itcReductionRequired: false,
    errorReportKeys: ['b2bdn', 'dn'],
  }),
  b2bdna: info({
    section: 'b2bdna',
    label: 'Debit note amendments',
    sheet: 'B2B-DNA',
    docType: 'debitNote',
    numberKey: 'nt_num',
    dateKey: 'nt_dt',
    originalNumberKey: 'ont_num',
    originalDateKey: 'ont_dt',
    hasInvType: true,
    amendmentOf: 'b2bdn',
    itcReductionAllowed: true,
    itcReductionRequired: true,
    errorReportKeys: ['b2bdna', 'dna'],
  }),
  b2bcn: info({
    section: 'b2bcn',
    label: 'Credit notes',
    sheet: 'B2B-CN',
    docType: 'creditNote',
    numberKey: 'nt_num',
    dateKey: 'nt_dt',
    originalNumberKey: null,
    originalDateKey: null,
    hasInvType: true,
    amendmentOf: null,
    itcReductionAllowed: true,
    itcReductionRequired: true,
    errorReportKeys: ['b2bcn', 'cn'],
  }),
  b2bcna: info({
    section: 'b2bcna',
    label: 'Credit note amendments',
    sheet: 'B2B-CNA',
    docType: 'creditNote',
    numberKey: 'nt_num',
    dateKey: 'nt_dt',
    originalNumberKey: 'ont_num',
    originalDateKey: 'ont_dt',
    hasInvType: true,
    amendmentOf: 'b2bcn',
    itcReductionAllowed: true,
    itcReductionRequired: true,
    errorReportKeys: ['b2bcna', 'cna'],
  }),
  ecom: info({
    section: 'ecom',
    label: 'E-commerce operator documents',
    sheet: 'ECO',
    docType: 'invoice',
    numberKey: 'inum',
    dateKey: 'idt',
    originalNumberKey: null,
    originalDateKey: null,
    hasInvType: false,
    amendmentOf: null,
    itcReductionAllowed: false,
    itcReductionRequired: false,
    errorReportKeys: ['ecom', 'e_b2b', 'e_c2b'],
  }),
  ecoma: info({
    section: 'ecoma',
    label: 'E-commerce operator amendments',
    sheet: 'ECOA',
    docType: 'invoice',
    numberKey: 'inum',
    dateKey: 'idt',
    originalNumberKey: 'oinum',
    originalDateKey: 'oidt',
    hasInvType: false,
    amendmentOf: 'ecom',
    itcReductionAllowed: true,
    itcReductionRequired: false,
    errorReportKeys: ['ecoma', 'e_b2ba', 'e_c2ba'],
  }),
};

export function isSection(s: string): s is Section {
  return (SECTIONS as readonly string[]).includes(s);
}

/** Maps a section key from an error report or user input ("dn", "B2B-CN", "CN") to a section. */
export function sectionFromAlias(raw: string): Section | null {
  const t = raw.trim().toLowerCase();
  if (isSection(t)) return t;
  for (const s of SECTIONS) {
    const i = SECTION_INFO[s];
    if (i.errorReportKeys.includes(t) || i.sheet.toLowerCase() === t) return s;
  }
  return null;
}
