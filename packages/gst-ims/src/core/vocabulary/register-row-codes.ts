// Why a row of a purchase-register file was not read (RegisterBadRow.code), and what a register
// import warns of (RegisterWarning.code): two tables, the codes stable (UPPER_SNAKE), scripts
// read them. The reader (io/register-row-reader.ts, io/register-values.ts, io/register-
// documents.ts) is typed by them, so a new code is added here or not at all.

export const REGISTER_BAD_ROW_CODES = {
  // A cell (io/register-values.ts).
  FORMULA_WITHOUT_VALUE:
    'A formula saved without its value (the file was written by a program that does not calculate).',
  BAD_AMOUNT: 'An amount cell that is not an amount in rupees.',
  AMOUNT_DECIMALS: 'An amount with more than two decimals.',
  AMOUNT_TOO_LARGE: 'An amount too large to be a document amount.',
  NO_DATE: 'No document date (nor a voucher date to use instead).',
  BAD_DATE: 'A date cell that is not a date.',
  // The supplier GSTIN (core/gstin.ts; one failing only its check character is a warning).
  GSTIN_LENGTH: 'A supplier GSTIN that is not 15 characters.',
  GSTIN_FORMAT:
    'A supplier GSTIN without the GSTIN layout (state code, PAN, entity, check character).',
  // The row (io/register-row-reader.ts).
  BAD_REVERSE_CHARGE: 'A reverse-charge cell that is neither yes nor no.',
  NO_DOC_NUMBER: 'No document number.',
  BAD_DOC_TYPE: 'A document type that is neither invoice, credit note nor debit note.',
  NOTE_TYPE_UNKNOWN: 'A type naming a note without saying credit or debit.',
  MIXED_SIGNS: 'The amounts of the row mix positive and negative values.',
  // The document the row belongs to (io/register-documents.ts).
  DOCUMENT_HAS_BAD_ROW: 'Another row of the same document is bad; the document is not imported.',
  DOCUMENT_MIXED_SIGNS:
    'The rows of the document sum to both positive and negative amounts; the document is not imported.',
} as const;

export type RegisterBadRowCode = keyof typeof REGISTER_BAD_ROW_CODES;

/** What a bad-row code means, in words. */
export const describeRegisterBadRowCode = (code: RegisterBadRowCode): string =>
  REGISTER_BAD_ROW_CODES[code];

export const REGISTER_WARNING_CODES = {
  DATE_ORDER_MDY: 'The file writes dates month first (MM/DD/YYYY); they were read that way.',
  REPEATED_HEADER: 'The header row repeats inside the data (a page break in the export); skipped.',
  TOTAL_ROW: 'A total row; skipped.',
  DESCRIPTION_ROW: 'A row under the header describing the columns; skipped.',
  OTHER_RECIPIENT: "A row booked for another GSTIN than the workspace's; skipped.",
  NO_SUPPLIER_GSTIN:
    'A row without a supplier GSTIN or document number (a cash purchase, never in IMS); skipped.',
  GSTIN_CHECKSUM: 'A supplier GSTIN failing its check character; imported, worth checking.',
  UNREGISTERED_SUPPLIER:
    'A row without a supplier GSTIN, read as a purchase from an unregistered supplier (never in IMS).',
  DATE_FROM_VOUCHER: 'No document date: the voucher date was used instead.',
  POS_UNKNOWN: 'A place of supply not recognised as a state; left empty.',
  DUPLICATE_ROW:
    'A row identical in every cell to an earlier row of the same document (an export glitch); left out.',
  NEGATIVE_AS_CREDIT_NOTE: 'A document with negative amounts, read as a credit note.',
  DUPLICATE_IN_REGISTER:
    'The same supplier document booked more than once (under two vouchers); worth a look before matching.',
} as const;

export type RegisterWarningCode = keyof typeof REGISTER_WARNING_CODES;

/** What a register warning code means, in words. */
export const describeRegisterWarningCode = (code: RegisterWarningCode): string =>
  REGISTER_WARNING_CODES[code];
