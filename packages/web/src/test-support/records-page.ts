// A page of GET /api/records/page for the web's unit tests: B2B records of one supplier
// ("Bharat Steel"), accepted on the portal, valued 100, 200, ... rupees in paise order.
import type { RecordTuple } from '../../../gst-ims/src/server/api-types.js';
import type { RecordsPagePayload } from '../../../gst-ims/src/server/record-page-api-types.js';

function tuple(key: string, supplier: number, value: number): RecordTuple {
  return [
    key,
    'b2b',
    supplier,
    key.split('|')[2] ?? key,
    '2026-10-05',
    null,
    null,
    '102026',
    '27',
    value,
    value,
    0,
    0,
    0,
    0,
    'N',
    'A',
    null,
    null,
    1,
    null,
    null,
  ];
}

export function recordsPage(
  offset: number,
  total: number | null,
  keys: readonly string[],
  version = 7,
  gstin = '27AABCU9603R1ZN',
): RecordsPagePayload {
  return {
    gstin,
    columns: [],
    suppliers: [['29AAACB1234C1Z5', 'Bharat Steel']],
    rows: keys.map((k, i) => tuple(k, 0, (i + 1) * 100)),
    offset,
    total,
    version,
  };
}

/** The keys of rows [offset, offset + n) of such a page. */
export function pageKeys(offset: number, n: number): string[] {
  return Array.from({ length: n }, (_, i) => `b2b|29AAACB1234C1Z5|INV-${offset + i}|2026-10-05`);
}
