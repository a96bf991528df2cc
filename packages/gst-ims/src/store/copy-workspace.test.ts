// A workspace moved whole between stores: every table, verified by counts and checksums, and the
// copy reads as the original. On the SQLite half the copy goes file to file; on the PostgreSQL
// half SQLite -> PostgreSQL -> SQLite.
import { existsSync } from 'node:fs';
import Database from 'better-sqlite3';
import pg from 'pg';
import { expect, it } from 'vitest';
import type {
  IsoDate,
  MatchResult,
  OutwardDocument,
  Paise,
  RegisterDocument,
  WorkspaceRecord,
} from '../core/index.js';
import { recordKey } from '../core/index.js';
import { SQLITE, describeStores } from '../test-support/stores.js';
import { copyWorkspace } from './copy-workspace.js';
import type { WorkspaceStore } from './workspace-store.js';

const G = '27AABCU9603R1ZN';
const SUPPLIER = '29AAACR5055K1Z3';
const p = (n: number): Paise => n as Paise;
const amounts = {
  value: p(118000),
  taxable: p(100000),
  igst: p(18000),
  cgst: p(0),
  sgst: p(0),
  cess: p(0),
};

function record(n: number): WorkspaceRecord {
  const docDate = '2026-10-05' as IsoDate;
  return {
    record: {
      key: recordKey('b2b', SUPPLIER, `INV-${n}`, docDate),
      section: 'b2b',
      supplierGstin: SUPPLIER,
      supplierName: n % 2 ? 'Rao "Traders"' : 'राव ट्रेडर्स',
      docNumber: `INV-${n}`,
      docDate,
      originalDocNumber: null,
      originalDocDate: null,
      invType: 'R',
      srcForm: 'R1',
      returnPeriod: '102026',
      supplierFiled: true,
      pos: '27',
      amounts: { ...amounts, value: p(5_000_000_000 + n) },
      portalAction: n % 3 ? 'noAction' : 'accept',
      pendingBlocked: false,
      remarksBlocked: false,
      itcReductionBlocked: false,
      portalRemark: null,
      portalItcReduction: null,
      hash: `h${n}`,
      extra: { n },
    },
    state: {
      decision: { action: 'noAction', remark: null, itcReduction: null },
      changedBySupplier: n % 5 === 0,
      gone: false,
      portalError: n % 7 === 0 ? { code: 'E1', message: `bad, ${n}` } : null,
    },
  };
}

const registerDoc = (ref: string): RegisterDocument => ({
  ref,
  supplierGstin: SUPPLIER,
  supplierName: 'Rao Traders',
  docNumber: ref,
  docDate: '2026-10-05' as IsoDate,
  docType: 'invoice',
  amounts,
  pos: '27',
  receivedDate: null,
  sourceRows: [2],
  extra: {},
});

const sale: OutwardDocument = {
  kind: 'sales',
  key: 'gstr1:b2b:29AAACR5055K1Z3:S-1',
  form: 'gstr1',
  section: 'b2b',
  customerGstin: SUPPLIER,
  docType: 'invoice',
  docNumber: 'S-1',
  docDate: '2026-11-02' as IsoDate,
  originalNumber: null,
  originalDate: null,
  amounts,
  pos: '29',
  reverseCharge: false,
  invoiceType: 'R',
  action: 'rejected',
  remarks: 'Goods not received',
};

/** A row in every table: records, decisions, audit, imports, uploads, register, returns, views. */
async function fill(store: WorkspaceStore): Promise<void> {
  const at = '2026-11-05T10:00:00.000Z';
  const rows = Array.from({ length: 1500 }, (_, i) => record(i));
  await store.transaction(async (tx) => {
    await tx.ensureGstin(G, at);
    const importId = await tx.logImport({
      gstin: G,
      kind: 'ims',
      file: 'ims.json',
      at,
      user: 'asha',
      summary: { n: 1 },
    });
    await tx.insertRecords(G, rows);
    await tx.setDecision(G, [rows[3]!.record.key, rows[4]!.record.key], {
      action: 'reject',
      remark: 'wrong rate',
      itcReduction: null,
    });
    await tx.appendAudit(
      [3, 4].map((i) => ({
        at,
        user: 'asha',
        gstin: G,
        recordKey: rows[i]!.record.key,
        fromAction: 'noAction' as const,
        toAction: 'reject' as const,
        remark: 'wrong rate',
        itcReduction: null,
        source: 'cli',
      })),
    );
    const item = {
      recordKey: rows[3]!.record.key,
      action: 'reject' as const,
      prevStatus: 'noAction' as const,
    };
    const exportId = await tx.logExport(
      G,
      at,
      'asha',
      ['up.json'],
      [item],
      [{ name: 'up.json', sha256: 'ab'.repeat(32), reqtyp: 'SAVE', bytes: 321, items: [item] }],
    );
    expect(exportId).toBeGreaterThan(0);
    await tx.setSetting(G, 'tolerance', '{"amount":100}');
    await tx.saveReturn(G, {
      kind: 'gstr2b',
      period: '102026',
      importId,
      files: ['2b.json'],
      at,
      data: '{"itc":1}',
    });
    await tx.replaceRegister(
      G,
      [registerDoc('R1'), registerDoc('R2')],
      '2026-10-01' as IsoDate,
      '2026-10-31' as IsoDate,
      { id: importId, file: 'books.csv', at },
    );
    const match: MatchResult = {
      recordKey: rows[0]!.record.key,
      registerRef: 'R1',
      outcome: 'exact',
      score: 100,
      reasons: [],
      manual: true,
    };
    await tx.saveMatches(G, [match]);
    await tx.addManualLink(G, {
      recordKey: rows[0]!.record.key,
      registerRef: 'R1',
      kind: 'link',
      at,
      user: 'asha',
    });
    await tx.saveView(G, 'asha', { name: 'Rejects', view: '{"tab":"reject"}', at });
    await tx.replaceOutward(G, 'gstr1', '112026', [sale], { importId, file: 'sales.json', at });
    await tx.addUser({
      name: 'asha',
      role: 'preparer',
      passwordHash: 'h',
      disabled: false,
      createdAt: at,
    });
    await tx.grantGstins('asha', [G]);
    await tx.createSession({ idHash: 'x', user: 'asha', createdAt: at, expiresAt: at });
  });
}

/** The tables fill() puts rows in. */
const FILLED = [
  'gstins',
  'imports',
  'records',
  'record_docs',
  'record_states',
  'audit_events',
  'audit_changes',
  'exports',
  'upload_files',
  'settings',
  'returns',
  'register_imports',
  'register_docs',
  'match_results',
  'manual_links',
  'saved_views',
  'outward_entries',
  'outward_imports',
];

/** The workspace's tables as SQLite lists them (the migrator's own aside). */
function tablesOf(file: string): string[] {
  const raw = new Database(file, { readonly: true });
  try {
    return (
      raw
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        .pluck()
        .all() as string[]
    )
      .filter((n) => !n.startsWith('sqlite_') && !n.startsWith('kysely_'))
      .sort();
  } finally {
    raw.close();
  }
}

/** What the app reads of a workspace: the copy must read the same. */
async function reads(store: WorkspaceStore): Promise<unknown[]> {
  return [
    await store.listGstins(),
    await store.loadRecords(G),
    await store.auditFor(G, null),
    await store.listImports(G),
    await store.listUploadFiles(G),
    await store.lastExport(G),
    await store.getSetting(G, 'tolerance'),
    await store.listReturns(G),
    await store.loadRegister(G),
    await store.listRegisterImports(G),
    await store.loadMatches(G),
    await store.loadManualLinks(G),
    await store.listSavedViews(G, 'asha'),
    await store.loadOutward(G, null),
    await store.listOutwardImports(G),
    await store.listUsers(),
    await store.grantedGstins('asha'),
    await store.recordVersions(G, null),
  ];
}

describeStores('workspace copy', (kind) => {
  it('copies every table, checked by counts and checksums, and the copy reads the same', async () => {
    const source = await SQLITE.newLocation();
    const original = await SQLITE.open(source);
    await fill(original);
    const want = await reads(original);
    await original.close();

    const there = await kind.newLocation({ empty: true });
    const out = await copyWorkspace(source, there);
    // Every table of the workspace is copied; those the fixture fills hold rows.
    expect(out.tables.map((t) => t.table).sort()).toEqual(tablesOf(source));
    for (const t of FILLED)
      expect(out.tables.find((x) => x.table === t)?.rows, t).toBeGreaterThan(0);
    expect(out.tables.find((t) => t.table === 'records')?.rows).toBe(1500);
    if (kind.name === 'PostgreSQL') {
      // The planner has statistics for the copied tables at once, not after autovacuum.
      const pool = new pg.Pool({ connectionString: there, max: 1 });
      try {
        const { rows } = await pool.query<{ relname: string }>(
          "SELECT relname FROM pg_stat_user_tables WHERE relname IN ('records', 'record_states') AND last_analyze IS NOT NULL",
        );
        expect(rows.map((r) => r.relname).sort()).toEqual(['record_states', 'records']);
      } finally {
        await pool.end();
      }
    }
    const copy = await kind.open(there);
    expect(await reads(copy)).toEqual(want);
    // New ids follow the copied ones (PostgreSQL's identity columns restart after them).
    const next = await copy.logImport({
      gstin: G,
      kind: 'ims',
      file: 'next.json',
      at: 't',
      user: 'u',
      summary: {},
    });
    expect(next).toBe(2);
    await copy.close();

    // And back: the same rows and checksums table for table.
    const back = await SQLITE.newLocation();
    const again = await copyWorkspace(there, back);
    expect(again.tables.filter((t) => t.table !== 'imports')).toEqual(
      out.tables.filter((t) => t.table !== 'imports'),
    );
    expect(again.tables.find((t) => t.table === 'imports')?.rows).toBe(2);
  });

  it('refuses a target that holds data and leaves it exactly as it was', async () => {
    const source = await SQLITE.newLocation();
    const a = await SQLITE.open(source);
    await fill(a);
    await a.close();
    const target = await kind.newLocation();
    const t = await kind.open(target);
    await t.ensureGstin('33AAACR5055K1Z3', 'now');
    await t.setSetting('33AAACR5055K1Z3', 'x', '1');
    await t.close();
    await expect(copyWorkspace(source, target)).rejects.toThrow(
      /already holds a workspace \(1 rows in gstins\)/,
    );
    const after = await kind.open(target);
    expect(await after.listGstins()).toEqual([{ gstin: '33AAACR5055K1Z3', records: 0 }]);
    expect(await after.loadRecords(G)).toEqual([]);
    await after.close();
  });

  it('rolls the whole copy back when a table read back from the target differs from its source', async () => {
    const source = await SQLITE.newLocation();
    const a = await SQLITE.open(source);
    await fill(a);
    await a.close();
    const target = await kind.newLocation();
    await (await kind.open(target)).close();
    // Something in the target changing what is written: the check must notice.
    await tamperWithSettings(kind.name, target);
    await expect(copyWorkspace(source, target)).rejects.toThrow(
      /the copy of settings does not match its source .* nothing was written/,
    );
    const after = await kind.open(target);
    expect(await after.listGstins()).toEqual([]);
    expect(await after.loadRecords(G)).toEqual([]);
    await after.close();
  });

  it('refuses a source that does not exist, and leaves no file behind', async () => {
    const missing = `${await SQLITE.newLocation()}.nope`;
    const target = await SQLITE.newLocation();
    await expect(copyWorkspace(missing, target)).rejects.toThrow(/no such workspace file/);
    expect(existsSync(missing)).toBe(false);
    expect(existsSync(target)).toBe(false);
  });
});

async function tamperWithSettings(kind: string, location: string): Promise<void> {
  if (kind === 'SQLite') {
    const raw = new Database(location);
    raw.exec(
      "CREATE TRIGGER tamper AFTER INSERT ON settings BEGIN UPDATE settings SET value = 'tampered' WHERE rowid = NEW.rowid; END",
    );
    raw.close();
    return;
  }
  const client = new pg.Client({ connectionString: location });
  await client.connect();
  try {
    await client.query(
      "CREATE FUNCTION tamper() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.value := 'tampered'; RETURN NEW; END $$",
    );
    await client.query(
      'CREATE TRIGGER tamper BEFORE INSERT ON settings FOR EACH ROW EXECUTE FUNCTION tamper()',
    );
  } finally {
    await client.end();
  }
}
