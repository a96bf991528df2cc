import { describe, expect, it } from 'vitest';
import type { PracticeClientDto } from '../../../gst-ims/src/server/practice-api-types.js';
import { nextSort, sortClients } from './practice-sort.js';

const client = (gstin: string, undecided: number, waitingApproval: number | null) =>
  ({
    gstin,
    records: 10,
    undecided,
    waitingApproval,
    waitingUpload: 0,
    portalErrors: 0,
    gstr2bImportedAt: null,
  }) satisfies PracticeClientDto;

describe('practice view order', () => {
  const rows = [client('29B', 3, 1), client('27A', 5, null), client('33C', 3, 4)];

  it('sorts a count most first, ties by GSTIN, and turns round on a second click', () => {
    const s = nextSort({ column: 'gstin', descending: false }, 'undecided');
    expect(s).toEqual({ column: 'undecided', descending: true });
    expect(sortClients(rows, s).map((c) => c.gstin)).toEqual(['27A', '29B', '33C']);
    expect(sortClients(rows, nextSort(s, 'undecided')).map((c) => c.gstin)).toEqual([
      '29B',
      '33C',
      '27A',
    ]);
  });

  it('puts a client without approvals last when sorting by approval, and GSTINs A to Z first', () => {
    const s = nextSort({ column: 'gstin', descending: false }, 'waitingApproval');
    expect(sortClients(rows, s).map((c) => c.gstin)).toEqual(['33C', '29B', '27A']);
    const byGstin = nextSort(s, 'gstin');
    expect(byGstin.descending).toBe(false);
    expect(sortClients(rows, byGstin).map((c) => c.gstin)).toEqual(['27A', '29B', '33C']);
  });
});
