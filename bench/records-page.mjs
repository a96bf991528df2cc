// Paged Records benchmark (issues 16 and 18): over a generated 100,000-record SQLite workspace
// (imported, with its purchase register reconciled so that every row carries its match), the
// server's GET /api/records/page and /api/records/summary and a single POST /api/decide, each
// timed ~50 times through real HTTP; p50 and p95 per request kind. Goal: p95 < 300 ms.
//
// Usage: npm run build -w packages/gst-ims && node bench/records-page.mjs [--records N] [--calls N]
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';

const dist = new URL('../packages/gst-ims/dist/', import.meta.url);
const load = (p) => import(new URL(p, dist).href);
const RECIPIENT = '27AABCU9603R1ZN';
const TOKEN = 'bench-records-page-token-0123456789abcdef01';

const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i === -1 ? fallback : Number(process.argv[i + 1]);
};
const RECORDS = arg('records', 100_000);
const CALLS = arg('calls', 50);
/** --db FILE: measure an existing workspace (made by an earlier run with --keep FILE). */
const dbArg = process.argv.indexOf('--db');
const DB = dbArg === -1 ? null : process.argv[dbArg + 1];
const keepArg = process.argv.indexOf('--keep');
const KEEP = keepArg === -1 ? null : process.argv[keepArg + 1];

/** CPU time of this process (server and client alike) since `from`: waits for a busy CPU left out. */
const cpuMs = (from) => {
  const d = process.cpuUsage(from);
  return (d.user + d.system) / 1000;
};
const pct = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
};

async function setup(dir) {
  const { generateImsDownload } = await load('generator/generate-ims.js');
  const { generateRegister } = await load('generator/generate-register.js');
  const { registerToTallyCsv } = await load('generator/register-csv.js');
  const { openSqliteStore } = await load('store/index.js');
  const app = await load('app/index.js');
  const { json } = generateImsDownload({
    seed: 7,
    count: RECORDS,
    recipientGstin: RECIPIENT,
    returnPeriod: '102026',
  });
  const file = join(dir, 'ims.json');
  writeFileSync(file, JSON.stringify(json));
  const register = generateRegister({ seed: 7, imsJson: json, recipientGstin: RECIPIENT });
  const registerFile = join(dir, 'register.csv');
  writeFileSync(registerFile, registerToTallyCsv(register.rows, 'Bench Ltd', 'Oct 2026'));
  const store = await openSqliteStore(KEEP ?? join(dir, 'ws.sqlite'));
  const ctx = { store, user: 'bench', now: () => new Date().toISOString() };
  const t = performance.now();
  await app.importIms(ctx, { file });
  await app.importRegister(ctx, { gstin: RECIPIENT, file: registerFile });
  await app.reconcileWorkspace(ctx, RECIPIENT, { out: join(dir, 'reconcile.csv') });
  console.error(`setup: import + register + reconcile ${Math.round(performance.now() - t)} ms`);
  return ctx;
}

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'gst-ims-bench-pages-'));
  const ctx =
    DB === null
      ? await setup(dir)
      : {
          store: await (await load('store/index.js')).openSqliteStore(DB),
          user: 'bench',
          now: () => new Date().toISOString(),
        };
  const { startServer } = await load('server/start-server.js');
  const server = await startServer({ ctx, port: 0, token: TOKEN, webDir: null, log: () => {} });
  const origin = server.url.replace(/\/$/, '');
  const get = async (path) => {
    const res = await fetch(`${origin}${path}`, { headers: { 'sec-fetch-site': 'same-origin' } });
    if (res.status !== 200) throw new Error(`${path}: ${res.status} ${await res.text()}`);
    return res.json();
  };
  const post = async (path, body) => {
    const res = await fetch(`${origin}${path}`, {
      method: 'POST',
      body: JSON.stringify(body),
      headers: {
        'content-type': 'application/json',
        origin,
        'sec-fetch-site': 'same-origin',
        'x-gst-ims-token': TOKEN,
      },
    });
    if (res.status !== 200) throw new Error(`${path}: ${res.status} ${await res.text()}`);
    return res.json();
  };
  const q = (o) => new URLSearchParams({ gstin: RECIPIENT, limit: '200', ...o }).toString();
  try {
    const summary = await get(`/api/records/summary?gstin=${RECIPIENT}`);
    // A supplier with many records, and words from one of its names and document numbers.
    const [supplier, name] = [...summary.suppliers].sort((a, b) => b[2] - a[2])[0];
    const first = await get(`/api/records/page?${q({ supplier })}`);
    const docWord = first.rows[0][3].slice(0, 4);
    const nameWord = (name ?? supplier).split(' ')[0];
    const kinds = [
      ['first page (200 rows)', () => get(`/api/records/page?${q({})}`)],
      ['summary (view counts, suppliers)', () => get(`/api/records/summary?gstin=${RECIPIENT}`)],
      [
        'filtered: view Not decided + supplier',
        () => get(`/api/records/page?${q({ view: 'noAction', supplier })}`),
      ],
      [
        `filtered: search "${nameWord} ${docWord}"`,
        () => get(`/api/records/page?${q({ q: `${nameWord} ${docWord}` })}`),
      ],
      [
        'filtered: view Waiting for upload',
        () => get(`/api/records/page?${q({ view: 'waiting' })}`),
      ],
      [
        'sorted by value desc, offset 90,000',
        () =>
          get(
            `/api/records/page?${q({ sort: 'value', dir: 'desc', offset: String(Math.floor(RECORDS * 0.9)) })}`,
          ),
      ],
      [
        'sorted by decision, offset 50,000',
        () =>
          get(
            `/api/records/page?${q({ sort: 'decision', offset: String(Math.floor(RECORDS / 2)) })}`,
          ),
      ],
    ];
    const results = [];
    for (const [label, call] of kinds) {
      await call(); // warm
      const ms = [];
      const cpu = [];
      for (let i = 0; i < CALLS; i++) {
        const c = process.cpuUsage();
        const t = performance.now();
        await call();
        ms.push(performance.now() - t);
        cpu.push(cpuMs(c));
      }
      results.push([label, ms, cpu]);
    }
    // A single decision on a different record each time, then the first page after it (the
    // write drops the server's read cache: the matches are read again for the page's outcomes).
    const keys = (
      await get(`/api/records/page?${q({ view: 'noAction', limit: '1000' })}`)
    ).rows.map((r) => r[0]);
    const decide = [[], []];
    const after = [[], []];
    for (let i = 0; i < CALLS; i++) {
      let c = process.cpuUsage();
      let t = performance.now();
      const d = await post('/api/decide', { gstin: RECIPIENT, keys: [keys[i]], verb: 'reject' });
      decide[0].push(performance.now() - t);
      decide[1].push(cpuMs(c));
      if (d.changed !== 1 || d.updated.rows.length !== 1)
        throw new Error(`decide: ${JSON.stringify(d).slice(0, 300)}`);
      c = process.cpuUsage();
      t = performance.now();
      await get(`/api/records/page?${q({})}`);
      after[0].push(performance.now() - t);
      after[1].push(cpuMs(c));
    }
    results.push(['decide one record (reject)', ...decide]);
    results.push(['first page right after a decision', ...after]);
    console.log(
      `\nPaged records, ${RECORDS.toLocaleString('en-IN')} records (SQLite), ${CALLS} calls each, node ${process.version}, ${new Date().toISOString()}`,
    );
    console.log(
      '| request | p50 ms | p95 ms | CPU p50 ms | CPU p95 ms |\n|---|---:|---:|---:|---:|',
    );
    for (const [label, ms, cpu] of results)
      console.log(
        `| ${label} | ${Math.round(pct(ms, 50))} | ${Math.round(pct(ms, 95))} | ${Math.round(pct(cpu, 50))} | ${Math.round(pct(cpu, 95))} |`,
      );
  } finally {
    await server.close();
    await ctx.store.close();
    if (KEEP !== null) console.error(`workspace kept: ${KEEP}`);
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
