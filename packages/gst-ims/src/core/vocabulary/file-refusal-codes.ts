// Why a portal return file was refused whole (the code a BadInputError carries for it): one
// table, the codes stable (UPPER_SNAKE). The GSTR-2B and GSTR-3B readers (core/parse-gstr2b.ts,
// core/gstr3b.ts) and the JSON checks (core/json-checks.ts) are typed by it. Warnings on a file
// that is read are Issues (ISSUE_CODES), not these.
export const FILE_REFUSAL_CODES = {
  INVALID_UNICODE: 'A text in the file is not valid Unicode (a lone UTF-16 surrogate).',
  // GSTR-2B (core/parse-gstr2b.ts).
  GSTR2B_NO_FILE: 'No GSTR-2B file was given.',
  GSTR2B_NOT_2B: 'The file is not a GSTR-2B: no JSON object holding one.',
  GSTR2B_NO_GSTIN: 'The GSTR-2B does not name the recipient GSTIN.',
  GSTR2B_BAD_PERIOD: 'The GSTR-2B period is not MMYYYY.',
  GSTR2B_BAD_SHAPE: 'A part of the GSTR-2B is not the list or object the format has there.',
  GSTR2B_BAD_FIELD: 'A GSTR-2B field that should be text is not.',
  GSTR2B_BAD_AMOUNT: 'A GSTR-2B amount that is not rupees with at most two decimals.',
  GSTR2B_BAD_DATE: 'A GSTR-2B date that is not DD-MM-YYYY.',
  GSTR2B_BAD_NOTE_TYPE: 'A GSTR-2B note that is neither a credit nor a debit note.',
  GSTR2B_NO_DOC_NUMBER: 'A GSTR-2B document without its number.',
  GSTR2B_FILES_DIFFER: 'The files given are parts of different GSTR-2Bs (another GSTIN or period).',
  GSTR2B_FILES_MISSING: 'A GSTR-2B that comes in several files was given without all of them.',
  // GSTR-3B (core/gstr3b.ts).
  GSTR3B_NOT_3B: 'The file is not a GSTR-3B: no JSON object holding one.',
  GSTR3B_BAD_PERIOD: 'The GSTR-3B return period is not MMYYYY.',
  GSTR3B_BAD_SHAPE: 'A part of the GSTR-3B is not the list or object the format has there.',
  GSTR3B_BAD_TYPE: 'A GSTR-3B ITC row of a type (ty) the format does not have.',
  GSTR3B_BAD_AMOUNT: 'A GSTR-3B amount that is not rupees with at most two decimals.',
} as const;

export type FileRefusalCode = keyof typeof FILE_REFUSAL_CODES;

/** What a file refusal code means, in words. */
export const describeFileRefusalCode = (code: FileRefusalCode): string => FILE_REFUSAL_CODES[code];
