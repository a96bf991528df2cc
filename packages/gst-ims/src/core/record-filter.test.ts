import { describe, expect, it } from 'vitest';
import { sampleRecord } from '../test-support/sample-records.js';
import type { WorkspaceRecord } from './index.js';
import { BadInputError } from './index.js';
import {
  NO_RECORD_FILTER,
  compareRecords,
  parseRecordQuery,
  recordPasses,
  recordQueryValues,
  searchWords,
} from './record-filter.js';

const withState = (w: WorkspaceRecord, s: Partial<WorkspaceRecord['state']>): WorkspaceRecord => ({
  record: w.record,
  state: { ...w.state, ...s },
});
const accept = { action: 'accept' as const, remark: null, itcReduction: null };

describe('recordPasses', () => {
  const plain = sampleRecord(1);
  it('views test the decision and the flags', () => {
    const decided = withState(plain, { decision: accept });
    const gone = withState(plain, { gone: true });
    const f = (view: typeof NO_RECORD_FILTER.view) => ({ ...NO_RECORD_FILTER, view });
    expect(recordPasses(f('noAction'), plain)).toBe(true);
    expect(recordPasses(f('noAction'), gone)).toBe(false);
    expect(recordPasses(f('waiting'), decided)).toBe(true);
    expect(recordPasses(f('waiting'), plain)).toBe(false);
    expect(recordPasses(f('waiting'), withState(gone, { decision: accept }))).toBe(false);
    expect(recordPasses(f('gone'), gone)).toBe(true);
    expect(recordPasses(f('changed'), withState(plain, { changedBySupplier: true }))).toBe(true);
    expect(recordPasses(f('errors'), plain)).toBe(false);
    expect(
      recordPasses(f('errors'), withState(plain, { portalError: { code: null, message: 'x' } })),
    ).toBe(true);
  });
  it('every search word must be in the key or the supplier name', () => {
    const f = (q: string) => ({ ...NO_RECORD_FILTER, terms: searchWords(q) });
    expect(recordPasses(f('inv-1 rao'), plain)).toBe(true);
    expect(recordPasses(f('29AAACR traders'), plain)).toBe(true);
    expect(recordPasses(f('inv-1 nobody'), plain)).toBe(false);
    expect(recordPasses(f('inv-2'), plain)).toBe(false);
  });
  it('supplier and section narrow', () => {
    expect(recordPasses({ ...NO_RECORD_FILTER, supplier: 'X' }, plain)).toBe(false);
    expect(recordPasses({ ...NO_RECORD_FILTER, section: 'b2bcn' }, plain)).toBe(false);
    expect(recordPasses({ ...NO_RECORD_FILTER, section: 'b2b' }, plain)).toBe(true);
  });
});

describe('compareRecords', () => {
  it('breaks ties on the key, in the order of the direction', () => {
    const a = sampleRecord(1);
    const b = sampleRecord(2);
    const asc = { column: 'section' as const, dir: 'asc' as const };
    expect(compareRecords(asc, a, b)).toBeLessThan(0);
    expect(compareRecords({ ...asc, dir: 'desc' }, a, b)).toBeGreaterThan(0);
    expect(compareRecords({ column: 'value', dir: 'desc' }, a, b)).toBeGreaterThan(0);
  });
});

describe('parseRecordQuery', () => {
  const parse = (v: Record<string, string>) => parseRecordQuery((n) => v[n]);
  it('reads back what recordQueryValues writes', () => {
    const q = {
      filter: {
        view: 'waiting' as const,
        supplier: '29AAACR5055K1Z3',
        section: 'b2bcn' as const,
        terms: ['INV', 'RAO'],
      },
      order: { column: 'value' as const, dir: 'desc' as const },
      offset: 200,
      limit: 50,
      count: true,
    };
    expect(parse(recordQueryValues(q))).toEqual(q);
    // A later block of the grid's: not counted.
    expect(parse(recordQueryValues({ ...q, count: false }))).toEqual({ ...q, count: false });
    expect(recordQueryValues(q)).not.toHaveProperty('count');
    // The count alone (the grid asks it after the rows).
    expect(parse(recordQueryValues({ ...q, limit: 0 }))).toEqual({ ...q, limit: 0 });
  });
  it('takes defaults for absent values', () => {
    expect(parse({})).toEqual({
      filter: NO_RECORD_FILTER,
      order: { column: 'section', dir: 'asc' },
      offset: 0,
      limit: 100,
      count: true,
    });
  });
  it.each([
    [{ view: 'done' }, 'view'],
    [{ section: 'b2c' }, 'section'],
    [{ sort: 'name' }, 'sort'],
    [{ dir: 'up' }, 'dir'],
    [{ count: 'maybe' }, 'count'],
    [{ limit: '1001' }, 'limit'],
    [{ limit: '0', count: 'no' }, 'limit'],
    [{ offset: '-1' }, 'offset'],
  ])('refuses %j naming the parameter', (v, field) => {
    let err: unknown = null;
    try {
      parse(v);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(BadInputError);
    expect((err as BadInputError).details.field).toBe(field);
  });
});
