// The practice view's table order: any column, either way; ties by GSTIN so the order is stable.
import type { PracticeClientDto } from '../../../gst-ims/src/server/practice-api-types.js';

export type PracticeColumn = Exclude<keyof PracticeClientDto, 'gstr2bImportedAt'>;

export interface PracticeSort {
  readonly column: PracticeColumn;
  readonly descending: boolean;
}

/** Clicking a column sorts by it, most first for counts; clicking it again turns the order round. */
export function nextSort(current: PracticeSort, column: PracticeColumn): PracticeSort {
  if (current.column === column) return { column, descending: !current.descending };
  return { column, descending: column !== 'gstin' };
}

export function sortClients(
  clients: readonly PracticeClientDto[],
  sort: PracticeSort,
): PracticeClientDto[] {
  const value = (c: PracticeClientDto): number | string => c[sort.column] ?? -1;
  return [...clients].sort((a, b) => {
    const x = value(a);
    const y = value(b);
    const by = x < y ? -1 : x > y ? 1 : 0;
    if (by !== 0) return sort.descending ? -by : by;
    return a.gstin < b.gstin ? -1 : a.gstin > b.gstin ? 1 : 0;
  });
}
