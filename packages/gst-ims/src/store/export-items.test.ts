import { describe, expect, it } from 'vitest';
import { packExportItems, unpackExportItems } from './export-items.js';
import type { ExportItem } from './workspace-store.js';

describe('export log items', () => {
  const items: ExportItem[] = [
    { recordKey: 'b2b|29AAACR5055K1Z3|INV-1|2026-27', action: 'accept', prevStatus: 'noAction' },
    { recordKey: 'b2bcn|29AAACR5055K1Z3|CN "7"|2026-27', action: 'reject', prevStatus: 'pending' },
    { recordKey: 'ecom|07AAACE1234F1Z5|E-9|2026-27', action: 'noAction', prevStatus: 'reject' },
    { recordKey: 'b2ba|24AAACC1206D1ZM|₹-1|2026-27', action: 'pending', prevStatus: 'accept' },
  ];

  it('reads back what it wrote, every action in both places', () => {
    expect(unpackExportItems(packExportItems(items))).toEqual(items);
    expect(unpackExportItems(packExportItems([]))).toEqual([]);
  });

  it('still reads the items of exports logged before (version 1: an array of triples)', () => {
    const v1 = JSON.stringify(items.map((i) => [i.recordKey, i.action, i.prevStatus]));
    expect(unpackExportItems(v1)).toEqual(items);
  });

  it('refuses a version it does not know, or a missing action code, rather than guess', () => {
    expect(() => unpackExportItems('{"v":3,"keys":[],"actions":"","prev":""}')).toThrow(
      /unknown version 3/,
    );
    expect(() => unpackExportItems('{"v":2,"keys":["k"],"actions":"","prev":"N"}')).toThrow(
      /item 0 has no action code/,
    );
  });
});
