// Practice server load (issue 16, decision 0041): one workspace of many client GSTINs, a
// `gst-ims serve --multi-user` process, and simulated staff working at once for a fixed time:
// grid pages, filters, single decisions with versions, 10,000-record bulk decisions, review and
// approval, the practice view. Reports p50/p95/max per request kind, throughput, errors, and
// checks that no acknowledged decision was lost. Run on SQLite and on a throwaway PostgreSQL
// cluster (the OS's initdb/pg_ctl, as the tests' globalSetup does), side by side.
//
// Alone:  node bench/practice-load.mjs [--clients 10] [--records 100000] [--staff 20]
//                                      [--seconds 60] [--db sqlite|postgres|both] [--json FILE]
// In run: npm run bench -- --only practice (bench/run.mjs imports bench()).
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import {
  chownSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { Agent, request as httpRequest } from 'node:http';
import { createServer } from 'node:net';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

const dist = new URL('../packages/gst-ims/dist/', import.meta.url);
const load = (p) => import(new URL(p, dist).href);
const BIN = fileURLToPath(new URL('../packages/gst-ims/bin/gst-ims.js', import.meta.url));
const PASSWORD = 'practice load 1';
const TOKEN_HEADER = 'x-gst-ims-token';
/** Bumped when the cached workspace's content changes shape (accounts, seeds). */
const CACHE_VERSION = 1;
const BULK_SIZE = 10_000;
const PAGE_SIZE = 100;
/** The request kinds whose answer the staff read (versions, review, decisions' versions). */
const KEEP_BODY = new Set([
  'warm-up',
  'versions (one record)',
  'versions (whole client)',
  'versions (bulk keys)',
  'review (changes since approval)',
  'decide (one record)',
  `bulk decide (${BULK_SIZE} records)`,
]);

export const DEFAULTS = {
  clients: 10,
  records: 100_000,
  staff: 20,
  seconds: 60,
  db: 'both',
  /** Rounds of the one-request-at-a-time phase (each kind once a round). */
  alone: 5,
};

const median = (xs) => pct(xs, 50);
function pct(xs, p) {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
}

// ---------------------------------------------------------------- the workspace

/** The client GSTINs: valid check characters, distinct PANs, one state. */
async function clientGstins(n) {
  const { withCheckChar } = await load('core/index.js');
  const letters = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
  return Array.from({ length: n }, (_, i) => {
    const pan = `AAB${letters[Math.floor(i / 26) % 26]}${letters[i % 26]}${String(1000 + i).slice(-4)}K`;
    return withCheckChar(`27${pan}1Z`);
  });
}

/** The staff: one admin, reviewers (a fifth, at least one), the rest preparers. */
function staffOf(n, gstins) {
  const reviewers = Math.max(1, Math.round(n / 5) - 1);
  const out = [{ name: 'admin', role: 'admin', gstins: [] }];
  for (let i = 0; i < reviewers && out.length < n; i++)
    out.push({ name: `reviewer${i + 1}`, role: 'reviewer', gstins });
  // Each preparer works on two clients; each client gets preparers in turn.
  for (let i = 0; out.length < n; i++)
    out.push({
      name: `preparer${i + 1}`,
      role: 'preparer',
      gstins: [...new Set([gstins[i % gstins.length], gstins[(i + 1) % gstins.length]])],
    });
  return out;
}

/**
 * A SQLite workspace holding every client's generated IMS download, imported as a user would
 * (the app's importIms), and the accounts: made once per parameters, kept in the temp dir.
 */
async function cachedWorkspace({ clients, records, staff }, log) {
  const dir = join(
    tmpdir(),
    `gst-ims-practice-load-v${CACHE_VERSION}-${clients}x${records}-${staff}staff`,
  );
  const file = join(dir, 'base.sqlite');
  const gstins = await clientGstins(clients);
  const people = staffOf(staff, gstins);
  if (existsSync(file)) {
    log(`practice load: using the cached workspace ${file}`);
    return { dir, file, gstins, people };
  }
  mkdirSync(dir, { recursive: true });
  const { generateImsDownload } = await load('generator/generate-ims.js');
  const { openSqliteStore } = await load('store/index.js');
  const app = await load('app/index.js');
  const { addUser } = await load('app/accounts.js');
  const building = join(dir, `building-${process.pid}.sqlite`);
  const store = await openSqliteStore(building);
  const t0 = performance.now();
  try {
    const ctx = { store, user: 'bench', now: () => new Date().toISOString() };
    for (const [i, gstin] of gstins.entries()) {
      const ims = join(dir, `ims-${i}.json`);
      writeFileSync(
        ims,
        JSON.stringify(
          generateImsDownload({
            seed: 100 + i,
            count: records,
            recipientGstin: gstin,
            returnPeriod: '102026',
          }).json,
        ),
      );
      await app.importIms(ctx, { file: ims, gstin });
      rmSync(ims);
      log(`practice load: imported client ${i + 1}/${clients} (${gstin})`);
    }
    const now = new Date().toISOString();
    for (const p of people) await addUser(store, { ...p, password: PASSWORD, now });
  } finally {
    await store.close();
  }
  renameSync(building, file);
  log(`practice load: workspace built in ${Math.round((performance.now() - t0) / 1000)} s`);
  return { dir, file, gstins, people };
}

/** Every client's record keys (load order) and suppliers, read before the server starts. */
async function keysOf(location, gstins) {
  const { openStore } = await load('store/index.js');
  const store = await openStore(location);
  try {
    const out = new Map();
    for (const g of gstins) {
      const outlines = await store.loadRecordOutlines(g);
      const recs = await store.loadRecordsByKeys(
        g,
        outlines.slice(0, 2000).map((o) => o.key),
      );
      out.set(g, {
        keys: outlines.filter((o) => !o.state.gone).map((o) => o.key),
        suppliers: [...new Set(recs.map((r) => r.record.supplierGstin))],
        docNumbers: recs.slice(0, 200).map((r) => r.record.docNumber),
      });
    }
    return out;
  } finally {
    await store.close();
  }
}

// ---------------------------------------------------------------- PostgreSQL

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

function findPostgresBin() {
  if (process.env.GST_IMS_PG_BIN) return process.env.GST_IMS_PG_BIN;
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return null;
  const v = readdirSync(root)
    .filter((x) => existsSync(join(root, x, 'bin', 'initdb')))
    .sort((a, b) => Number(b) - Number(a))[0];
  return v === undefined ? null : join(root, v, 'bin');
}

/**
 * A throwaway cluster as the tests start one (src/test-support/postgres-cluster.ts): initdb in
 * a temp dir, trust auth, a free port on 127.0.0.1; as root it runs as the `postgres` user.
 * Unlike the tests' cluster, fsync and synchronous commit stay on: a practice server's are.
 */
async function startPostgres(cachedData = null) {
  const bin = findPostgresBin();
  if (bin === null) return { absent: 'no PostgreSQL binaries (initdb, pg_ctl) found' };
  let asUser = null;
  if (process.getuid?.() === 0) {
    const id = (f) => spawnSync('id', [f, 'postgres'], { encoding: 'utf8' });
    const u = id('-u');
    const g = id('-g');
    if (u.status !== 0) return { absent: 'running as root and no `postgres` user' };
    asUser = { name: 'postgres', uid: Number(u.stdout), gid: Number(g.stdout) };
  }
  const run = (cmd, args) =>
    asUser === null
      ? execFileSync(cmd, args, { stdio: 'pipe' })
      : execFileSync('runuser', ['-u', asUser.name, '--', cmd, ...args], { stdio: 'pipe' });
  const dir = mkdtempSync(join(tmpdir(), 'gst-ims-practice-pg-'));
  if (asUser !== null) chownSync(dir, asUser.uid, asUser.gid);
  const data = join(dir, 'data');
  // A cluster made earlier with the same workspace copied in is copied as it is (cp -a keeps
  // the owner); otherwise a new one.
  if (cachedData !== null && existsSync(cachedData))
    execFileSync('cp', ['-a', cachedData, data], { stdio: 'pipe' });
  else
    run(join(bin, 'initdb'), [
      '-D',
      data,
      '-A',
      'trust',
      '-U',
      'gst_ims',
      '-E',
      'UTF8',
      '--locale=C',
    ]);
  const port = await freePort();
  run(join(bin, 'pg_ctl'), [
    '-D',
    data,
    '-l',
    join(dir, 'log'),
    '-w',
    '-o',
    `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c max_connections=200 -c shared_buffers=512MB`,
    'start',
  ]);
  return {
    url: `postgres://gst_ims@127.0.0.1:${port}/postgres`,
    /** CPU seconds of the cluster: the postmaster, its live backends and those it reaped. */
    cpuSeconds: () => clusterCpuSeconds(data),
    /** Stops the cluster and keeps its data directory at `to` for the next run. */
    keep: (to) => {
      run(join(bin, 'pg_ctl'), ['-D', data, '-m', 'fast', '-w', 'stop']);
      execFileSync('cp', ['-a', data, to], { stdio: 'pipe' });
      run(join(bin, 'pg_ctl'), [
        '-D',
        data,
        '-l',
        join(dir, 'log'),
        '-w',
        '-o',
        `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c max_connections=200 -c shared_buffers=512MB`,
        'start',
      ]);
    },
    stop: () => {
      try {
        run(join(bin, 'pg_ctl'), ['-D', data, '-m', 'fast', '-w', 'stop']);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}

function clusterCpuSeconds(data) {
  try {
    const pid = readFileSync(join(data, 'postmaster.pid'), 'utf8').split('\n')[0].trim();
    const fields = (p) => readFileSync(`/proc/${p}/stat`, 'utf8').split(') ')[1].split(' ');
    const own = fields(pid);
    // utime, stime, and the reaped children's cutime, cstime (fields 14-17, here 11-14).
    let ticks = Number(own[11]) + Number(own[12]) + Number(own[13]) + Number(own[14]);
    for (const p of readdirSync('/proc')) {
      if (!/^\d+$/.test(p)) continue;
      try {
        const f = fields(p);
        if (f[1] === pid) ticks += Number(f[11]) + Number(f[12]);
      } catch {
        // the process ended while we looked
      }
    }
    return ticks / 100;
  } catch {
    return null;
  }
}

// ---------------------------------------------------------------- the server

async function serve(db, cwd) {
  const child = spawn(process.execPath, [BIN, '--db', db, 'serve', '--multi-user', '--port', '0'], {
    cwd,
    env: { ...process.env, GST_IMS_DB: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (out += d));
  const url = await new Promise((ok, fail) => {
    const timer = setTimeout(() => fail(new Error(`serve did not start:\n${out}`)), 120_000);
    const look = () => {
      const m = /at (http:\/\/127\.0\.0\.1:\d+\/)/.exec(out);
      if (m) {
        clearTimeout(timer);
        ok(m[1]);
      }
    };
    child.stdout.on('data', look);
    child.stderr.on('data', look);
    child.on('exit', (code) => fail(new Error(`serve exited with ${code}:\n${out}`)));
  });
  return { child, url, output: () => out };
}

/** CPU seconds a process has used (Linux /proc; null elsewhere). */
function cpuSeconds(pid) {
  try {
    const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(f[11]) + Number(f[12])) / 100;
  } catch {
    return null;
  }
}

/**
 * One HTTP request over the person's own keep-alive connection (node:http: no client-side
 * timeout; fetch failed a few requests of a starved server, most likely on its connect timeout).
 */
function send(agent, url, path, { method = 'GET', headers = {}, body } = {}) {
  return new Promise((resolve, reject) => {
    const req = httpRequest(new URL(path, url), { method, headers, agent }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () =>
        resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks) }),
      );
      res.on('error', reject);
    });
    req.on('error', reject);
    if (body !== undefined) req.end(body);
    else req.end();
  });
}

/** A signed-in person: cookie and CSRF token, and a timed request per kind. */
async function signIn(url, name, stats) {
  // A connection per request: with keep-alive a starved server closing an idle socket races
  // the next request on it (ECONNRESET), which a browser would retry and this would count.
  const agent = new Agent({ keepAlive: false, maxSockets: 1 });
  const res = await send(agent, url, 'api/login', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name, password: PASSWORD }),
  });
  if (res.status !== 200) throw new Error(`sign-in of ${name}: ${res.status} ${res.body}`);
  const cookie = String(res.headers['set-cookie']?.[0] ?? '').split(';')[0];
  const { csrfToken } = JSON.parse(res.body.toString());
  return async (kind, path, body) => {
    const t0 = performance.now();
    let status = 0;
    let json = null;
    try {
      const r = await send(agent, url, path, {
        method: body === undefined ? 'GET' : 'POST',
        headers: {
          cookie,
          [TOKEN_HEADER]: csrfToken,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      status = r.status;
      // A listing's rows are read off the wire, not parsed: the bench's own CPU stays small.
      if (KEEP_BODY.has(kind) || status !== 200) {
        const text = r.body.toString();
        try {
          json = JSON.parse(text);
        } catch {
          json = text;
        }
      }
    } catch (e) {
      json = String(e);
    }
    stats.note(kind, performance.now() - t0, status, json);
    return { status, json };
  };
}

function statsTable() {
  const kinds = new Map();
  const samples = [];
  return {
    kinds,
    samples,
    note(kind, ms, status, json) {
      let k = kinds.get(kind);
      if (!k)
        kinds.set(kind, (k = { ms: [], errors: 0, conflicts: 0, refused: 0, firstError: null }));
      k.ms.push(ms);
      if (status === 409) k.conflicts++;
      // The portal's rules refusing a choice (422 kind "refused") is an answer, not a failure.
      else if (status === 422 && json?.kind === 'refused') k.refused++;
      else if (status < 200 || status >= 300) {
        k.errors++;
        k.firstError ??= `${status} ${JSON.stringify(json).slice(0, 300)}`;
      }
    },
  };
}

// ---------------------------------------------------------------- the staff

const pick = (xs) => xs[Math.floor(Math.random() * xs.length)];
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * One person's loop until `until`: a mix of requests by role, with a short pause between them
 * (people read; the pause is short so that 20 of them load the server as a month-end would).
 */
async function person(p, ctx) {
  const { req, until, bulkAt, thinkMs } = ctx;
  const mine = p.role === 'admin' || p.role === 'reviewer' ? ctx.gstins : p.gstins;
  const { listPage, filter, single, bulk, approve } = actionsOf(p, ctx);
  let bulkDone = bulkAt === null;
  while (performance.now() < until) {
    const gstin = pick(mine);
    if (!bulkDone && performance.now() >= bulkAt) {
      bulkDone = true;
      await bulk(gstin);
    } else {
      const roll = Math.random();
      if (p.role === 'preparer') {
        if (roll < 0.3) await listPage(gstin);
        else if (roll < 0.55) await filter(gstin);
        else if (roll < 0.95) await single(gstin);
        else await req('practice view', 'api/practice');
      } else if (p.role === 'reviewer') {
        if (roll < 0.3) await listPage(gstin);
        else if (roll < 0.45) await filter(gstin);
        else if (roll < 0.6) await single(gstin);
        else if (roll < 0.85) await approve(gstin);
        else await req('practice view', 'api/practice');
      } else if (roll < 0.5) await req('practice view', 'api/practice');
      else await listPage(gstin);
    }
    await sleep(thinkMs / 2 + Math.random() * thinkMs);
  }
}

/**
 * One request kind at a time, each a few times, by one person alone on the server: what each
 * costs without the other 19 in the queue (on this machine as busy as it is).
 */
async function alone(reviewer, gstin, ctx, times = 5) {
  // Each request's server (and database) CPU, read from /proc before and after it: alone, all
  // of it is this request's.
  const cpu = new Map();
  const { req: send, cpuNow } = ctx;
  const req = async (kind, path, body) => {
    const c0 = cpuNow();
    const r = await send(kind, path, body);
    const c1 = cpuNow();
    if (c0 !== null && c1 !== null) {
      let k = cpu.get(kind);
      if (!k) cpu.set(kind, (k = []));
      k.push((c1 - c0) * 1000);
    }
    return r;
  };
  ctx = { ...ctx, req };
  const a = actionsOf(reviewer, ctx);
  for (let i = 0; i < times; i++) {
    await a.listPage(gstin);
    await a.filter(gstin, 'view');
    await a.filter(gstin, 'supplier');
    await a.filter(gstin, 'search');
    await a.single(gstin);
    await ctx.req('practice view', 'api/practice');
    await a.approve(gstin);
  }
  await a.bulk(gstin);
  return cpu;
}

/** What a person does: each request kind as the web app would send it. */
function actionsOf(p, ctx) {
  const { req, data, acked, paged } = ctx;
  const listPage = async (gstin) => {
    if (!paged) return req('records (whole, no paged API)', `api/records?gstin=${gstin}`);
    const total = data.get(gstin).keys.length;
    const offset = Math.floor(Math.random() * Math.max(1, total - PAGE_SIZE));
    const sort = pick(['section', 'supplier', 'docDate', 'value', 'decision']);
    return req(
      'grid page',
      `api/records/page?gstin=${gstin}&view=all&sort=${sort}&dir=${pick(['asc', 'desc'])}&offset=${offset}&limit=${PAGE_SIZE}`,
    );
  };
  const filter = async (gstin, which = pick(['view', 'supplier', 'search'])) => {
    if (!paged) return null;
    const d = data.get(gstin);
    const q =
      which === 'view'
        ? `view=${pick(['noAction', 'waiting', 'changed', 'errors'])}`
        : which === 'supplier'
          ? `view=all&supplier=${pick(d.suppliers)}`
          : `view=all&q=${encodeURIComponent(pick(d.docNumbers))}`;
    return req(
      `filter (${which})`,
      `api/records/page?gstin=${gstin}&${q}&offset=0&limit=${PAGE_SIZE}`,
    );
  };
  const remember = (gstin, verb, json) => {
    // The multi-user answer names the new version of every record it changed.
    for (const [key, version] of Object.entries(json?.versions ?? {}))
      acked.push({ gstin, key, version, action: VERB_ACTION[verb], user: p.name });
  };
  const single = async (gstin) => {
    const key = pick(data.get(gstin).keys);
    const v = await req(
      'versions (one record)',
      `api/versions?gstin=${gstin}&key=${encodeURIComponent(key)}`,
    );
    if (v.status !== 200) return;
    const verb = pick(['accept', 'reject']);
    const r = await req('decide (one record)', 'api/decide', {
      gstin,
      keys: [key],
      verb,
      ...(verb === 'reject' ? { remark: 'not received' } : {}),
      versions: v.json.versions,
      skipRefused: true,
    });
    if (r.status === 200) remember(gstin, verb, r.json);
  };
  const bulk = async (gstin) => {
    const keys = data.get(gstin).keys;
    const from = Math.floor(Math.random() * Math.max(1, keys.length - BULK_SIZE));
    const chosen = keys.slice(from, from + BULK_SIZE);
    // As the page does: the versions it holds, then the decision; on a conflict, look again once.
    for (let attempt = 0; attempt < 2; attempt++) {
      // Only the chosen records' versions (POST /api/versions), not every record's; a server
      // without that route (before decision 0048: 404, or 403 as an unplaced write) is asked
      // for every record's.
      let v = await req('versions (bulk keys)', 'api/versions', { gstin, keys: chosen });
      if (v.status === 404 || v.status === 403)
        v = await req('versions (whole client)', `api/versions?gstin=${gstin}`);
      if (v.status !== 200) return;
      const versions = {};
      for (const k of chosen)
        if (v.json.versions[k] !== undefined) versions[k] = v.json.versions[k];
      const r = await req(`bulk decide (${BULK_SIZE} records)`, 'api/decide', {
        gstin,
        keys: chosen,
        verb: 'accept',
        versions,
        skipRefused: true,
      });
      if (r.status === 200) remember(gstin, 'accept', r.json);
      if (r.status !== 409) return;
    }
  };
  const approve = async (gstin) => {
    const r = await req('review (changes since approval)', `api/review?gstin=${gstin}`);
    if (r.status !== 200 || r.json.unapproved === 0) return;
    await req('approve', 'api/approve', { gstin, versions: r.json.versions });
  };
  return { listPage, filter, single, bulk, approve };
}

const VERB_ACTION = { accept: 'accept', reject: 'reject', pending: 'pending', reset: 'noAction' };

/**
 * Every decision a person got a 200 for is in the workspace: per record, the newest version
 * acknowledged is the record's version now, with that decision (a 409 wrote nothing and is
 * counted as such); and the audit log holds one web entry per acknowledged change.
 */
async function lostUpdateCheck(location, acked) {
  const { openStore } = await load('store/index.js');
  const store = await openStore(location);
  try {
    const byGstin = new Map();
    for (const a of acked) {
      let m = byGstin.get(a.gstin);
      if (!m) byGstin.set(a.gstin, (m = new Map()));
      const prev = m.get(a.key);
      if (!prev || a.version > prev.newest.version)
        m.set(a.key, { newest: a, count: (prev?.count ?? 0) + 1 });
      else prev.count++;
    }
    let lost = 0;
    let auditMissing = 0;
    const examples = [];
    for (const [gstin, m] of byGstin) {
      const keys = [...m.keys()];
      const versions = await store.recordVersions(gstin, keys);
      const recs = new Map(
        (await store.loadRecordsByKeys(gstin, keys)).map((r) => [r.record.key, r]),
      );
      const audit = await store.auditFor(gstin, keys);
      const webEntries = new Map();
      for (const e of audit)
        if (e.source === 'web') webEntries.set(e.recordKey, (webEntries.get(e.recordKey) ?? 0) + 1);
      for (const [key, { newest, count }] of m) {
        const version = versions.get(key) ?? 0;
        const action = recs.get(key)?.state.decision.action;
        if (version !== newest.version || action !== newest.action) {
          lost++;
          if (examples.length < 3)
            examples.push(
              `${gstin}/${key}: acked v${newest.version} ${newest.action} by ${newest.user}, holds v${version} ${action}`,
            );
        }
        if ((webEntries.get(key) ?? 0) < count) auditMissing++;
      }
    }
    return {
      acked: acked.length,
      records: [...byGstin.values()].reduce((s, m) => s + m.size, 0),
      lost,
      auditMissing,
      examples,
    };
  } finally {
    await store.close();
  }
}

// ---------------------------------------------------------------- one run

async function runOn(kind, opts, ws, log) {
  const dir = mkdtempSync(join(tmpdir(), `gst-ims-practice-${kind}-`));
  let pg = null;
  let location;
  try {
    const t0 = performance.now();
    if (kind === 'sqlite') {
      location = join(dir, 'ws.sqlite');
      copyFileSync(ws.file, location);
    } else {
      const cachedData = join(ws.dir, 'pgdata');
      const fresh = !existsSync(cachedData);
      pg = await startPostgres(fresh ? null : cachedData);
      if (pg.absent) return { kind, skipped: pg.absent };
      location = pg.url;
      if (fresh) {
        // Moved to the server as a practice would: gst-ims workspace copy (then kept).
        const r = spawnSync(
          process.execPath,
          [BIN, 'workspace', 'copy', '--from', ws.file, '--to', location],
          { encoding: 'utf8', env: { ...process.env, GST_IMS_DB: '' } },
        );
        if (r.status !== 0) throw new Error(`workspace copy failed: ${r.stderr}`);
        log(
          `practice load postgres: workspace copy took ${((performance.now() - t0) / 1000).toFixed(0)} s`,
        );
        pg.keep(cachedData);
      }
    }
    const setupS = (performance.now() - t0) / 1000;
    log(`practice load ${kind}: workspace ready in ${setupS.toFixed(1)} s`);
    const data = await keysOf(location, ws.gstins);
    const server = await serve(location, dir);
    try {
      const stats = statsTable();
      const reqs = new Map();
      for (const p of ws.people) reqs.set(p.name, await signIn(server.url, p.name, stats));
      // The server preloads every client's records after it listens; wait for that before timing.
      const w0 = performance.now();
      const admin = reqs.get('admin');
      await admin('warm-up', 'api/practice');
      for (const g of ws.gstins)
        await admin('warm-up', `api/records/page?gstin=${g}&offset=0&limit=1`);
      const probe = await admin(
        'warm-up',
        `api/records/page?gstin=${ws.gstins[0]}&offset=0&limit=1`,
      );
      const paged = probe.status === 200;
      const warmS = (performance.now() - w0) / 1000;
      stats.kinds.delete('warm-up');
      log(
        `practice load ${kind}: warm in ${warmS.toFixed(1)} s; paged API ${paged ? 'present' : 'absent'}; ${opts.staff} staff for ${opts.seconds} s`,
      );

      const acked = [];
      const soloStats = statsTable();
      const reviewer = ws.people.find((p) => p.role === 'reviewer');
      const soloLoad = loadavg()[0];
      const soloCpu = await alone(
        reviewer,
        ws.gstins[0],
        {
          req: await signIn(server.url, reviewer.name, soloStats),
          data,
          acked,
          paged,
          cpuNow: () => {
            const s = cpuSeconds(server.child.pid);
            const d = pg?.cpuSeconds?.() ?? 0;
            return s === null || d === null ? null : s + d;
          },
        },
        opts.alone,
      );
      log(`practice load ${kind}: one request at a time done`);
      const start = performance.now();
      const until = start + opts.seconds * 1000;
      const preparers = ws.people.filter((p) => p.role === 'preparer');
      const bulks = Math.min(opts.bulks, preparers.length);
      const load0 = loadavg()[0];
      const cpu0 = cpuSeconds(server.child.pid);
      const db0 = pg?.cpuSeconds?.() ?? null;
      const loads = [];
      const sampler = setInterval(() => loads.push(loadavg()[0]), 5000);
      await Promise.all(
        ws.people.map((p) => {
          const i = preparers.indexOf(p);
          const bulkAt =
            i >= 0 && i < bulks ? start + ((i + 1) * opts.seconds * 1000) / (bulks + 1) : null;
          return person(p, {
            req: reqs.get(p.name),
            until,
            data,
            acked,
            paged,
            bulkAt,
            gstins: ws.gstins,
            thinkMs: opts.thinkMs,
          });
        }),
      );
      clearInterval(sampler);
      const wallS = (performance.now() - start) / 1000;
      const cpu1 = cpuSeconds(server.child.pid);
      const db1 = pg?.cpuSeconds?.() ?? null;
      server.child.kill('SIGINT');
      await new Promise((r) => server.child.once('exit', r));
      const check = await lostUpdateCheck(location, acked);
      const requests = [...stats.kinds.values()].reduce((s, k) => s + k.ms.length, 0);
      return {
        kind,
        setupS,
        warmS,
        paged,
        wallS,
        requests,
        perSecond: requests / wallS,
        decisionsPerSecond: acked.length / wallS,
        serverCpuS: cpu0 === null || cpu1 === null ? null : cpu1 - cpu0,
        databaseCpuS: db0 === null || db1 === null ? null : db1 - db0,
        loadavg: { start: load0, max: Math.max(load0, ...loads), end: loadavg()[0] },
        kinds: Object.fromEntries(
          [...new Set([...stats.kinds.keys(), ...soloStats.kinds.keys()])].map((name) => {
            const k = stats.kinds.get(name) ?? { ms: [], errors: 0, conflicts: 0, refused: 0 };
            const solo = soloStats.kinds.get(name);
            return [
              name,
              {
                n: k.ms.length,
                p50: median(k.ms),
                p95: pct(k.ms, 95),
                max: k.ms.length === 0 ? null : Math.max(...k.ms),
                errors: k.errors,
                conflicts: k.conflicts,
                refused: k.refused,
                firstError: k.firstError ?? solo?.firstError ?? null,
                alone: solo === undefined ? null : median(solo.ms),
                aloneN: solo?.ms.length ?? 0,
                aloneP95: solo === undefined ? null : pct(solo.ms, 95),
                aloneCpuMs: soloCpu.has(name)
                  ? soloCpu.get(name).reduce((x, y) => x + y, 0) / soloCpu.get(name).length
                  : null,
              },
            ];
          }),
        ),
        soloLoad,
        check,
      };
    } finally {
      if (server.child.exitCode === null) server.child.kill('SIGKILL');
    }
  } finally {
    pg?.stop?.();
    rmSync(dir, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------- report

const TARGETS = {
  'grid page': 300,
  'decide (one record)': 300,
  [`bulk decide (${BULK_SIZE} records)`]: 3000,
};

export function formatReport(results, opts) {
  const lines = [];
  const ran = results.filter((r) => !r.skipped);
  const kinds = [...new Set(ran.flatMap((r) => Object.keys(r.kinds)))].sort();
  const ms = (x) => (x === null || x === undefined ? '-' : String(Math.round(x)));
  lines.push(
    `practice load: ${opts.clients} clients x ${opts.records} records, ${opts.staff} staff, ${opts.seconds} s, pause ${opts.thinkMs} ms; ${cpus().length} cores (${cpus()[0]?.model ?? '?'}), node ${process.version}, ${new Date().toISOString()}`,
  );
  for (const r of results.filter((x) => x.skipped)) lines.push(`${r.kind}: skipped (${r.skipped})`);
  const head = [
    'request kind',
    'target p95',
    ...ran.flatMap((r) => [
      `${r.kind}: alone p50 ms`,
      `${r.kind}: ${opts.staff} staff n / p50 / p95 / max ms / err / 409`,
    ]),
  ];
  const rows = kinds.map((k) => [
    k,
    TARGETS[k] === undefined ? '' : `< ${TARGETS[k]}`,
    ...ran.flatMap((r) => {
      const s = r.kinds[k];
      return s === undefined
        ? ['-', '-']
        : [
            ms(s.alone),
            `${s.n} / ${ms(s.p50)} / ${ms(s.p95)} / ${ms(s.max)} / ${s.errors} / ${s.conflicts}${s.refused ? ` (+${s.refused} refused)` : ''}`,
          ];
    }),
  ]);
  const summary = (label, f) => [label, '', ...ran.flatMap((r) => ['', f(r)])];
  rows.push(summary('throughput (requests/s)', (r) => r.perSecond.toFixed(1)));
  rows.push(summary('acknowledged record decisions/s', (r) => r.decisionsPerSecond.toFixed(0)));
  rows.push(
    summary(
      'lost updates (acked records checked)',
      (r) =>
        `${r.check.lost} lost, ${r.check.auditMissing} audit missing (${r.check.records} records, ${r.check.acked} acks)`,
    ),
  );
  rows.push(
    summary(
      'server CPU s / wall s',
      (r) => `${r.serverCpuS?.toFixed(0) ?? '?'} / ${r.wallS.toFixed(0)}`,
    ),
  );
  rows.push(
    summary('PostgreSQL CPU s', (r) =>
      r.databaseCpuS === null || r.databaseCpuS === undefined ? '-' : r.databaseCpuS.toFixed(0),
    ),
  );
  rows.push(
    summary('server + database CPU ms per request', (r) =>
      r.serverCpuS === null
        ? '?'
        : String(Math.round((1000 * (r.serverCpuS + (r.databaseCpuS ?? 0))) / r.requests)),
    ),
  );
  rows.push(
    summary(
      'load average 1 min (start / max / end)',
      (r) =>
        `${r.loadavg.start.toFixed(1)} / ${r.loadavg.max.toFixed(1)} / ${r.loadavg.end.toFixed(1)}`,
    ),
  );
  rows.push(
    summary('setup s / warm-up s', (r) => `${r.setupS.toFixed(0)} / ${r.warmS.toFixed(0)}`),
  );
  rows.push(summary('load average 1 min, alone phase', (r) => r.soloLoad.toFixed(1)));
  const widths = head.map((h, i) =>
    Math.max(h.length, ...rows.map((row) => String(row[i]).length)),
  );
  const line = (cells) => `| ${cells.map((c, i) => String(c).padEnd(widths[i])).join(' | ')} |`;
  lines.push(line(head), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.map(line));
  // One request at a time: latency and the server's (and database's) CPU per request kind.
  const soloHead = [
    'one request at a time',
    ...ran.map((r) => `${r.kind}: n / p50 / p95 ms / CPU ms`),
  ];
  const soloRows = kinds
    .filter((k) => ran.some((r) => r.kinds[k]?.aloneN > 0))
    .map((k) => [
      k,
      ...ran.map((r) => {
        const s = r.kinds[k];
        return s === undefined || !s.aloneN
          ? '-'
          : `${s.aloneN} / ${ms(s.alone)} / ${ms(s.aloneP95)} / ${ms(s.aloneCpuMs)}`;
      }),
    ]);
  const soloWidths = soloHead.map((h, i) =>
    Math.max(h.length, ...soloRows.map((row) => String(row[i]).length)),
  );
  const soloLine = (cells) =>
    `| ${cells.map((c, i) => String(c).padEnd(soloWidths[i])).join(' | ')} |`;
  lines.push(
    '',
    soloLine(soloHead),
    `|${soloWidths.map((w) => '-'.repeat(w + 2)).join('|')}|`,
    ...soloRows.map(soloLine),
  );
  for (const r of ran) {
    if (!r.paged)
      lines.push(
        `${r.kind}: GET /api/records/page absent: listing used GET /api/records (the whole client), filters not measured`,
      );
    for (const [k, s] of Object.entries(r.kinds))
      if (s.firstError) lines.push(`${r.kind} ${k}: first error ${s.firstError}`);
    for (const e of r.check.examples) lines.push(`${r.kind} lost: ${e}`);
  }
  return lines.join('\n');
}

export async function practiceLoad(opts, log = (s) => console.error(s)) {
  const ws = await cachedWorkspace(opts, log);
  const which = opts.db === 'both' ? ['sqlite', 'postgres'] : [opts.db];
  const results = [];
  for (const kind of which) results.push(await runOn(kind, opts, ws, log));
  return results;
}

/** For bench/run.mjs: the table printed, and rows for its summary. */
export async function bench({ records }) {
  const opts = {
    ...DEFAULTS,
    records: Math.min(records, DEFAULTS.records),
    bulks: 4,
    thinkMs: 200,
  };
  const results = await practiceLoad(opts);
  console.log(`\n${formatReport(results, opts)}\n`);
  const rows = [];
  for (const r of results.filter((x) => !x.skipped))
    for (const [k, s] of Object.entries(r.kinds))
      rows.push({
        step: `practice ${r.kind}: ${k} p95`,
        ms: s.p95,
        ratio: false,
        goal: TARGETS[k] ? `< ${TARGETS[k]} ms` : '',
        note: `n ${s.n}, p50 ${Math.round(s.p50)}, err ${s.errors}, 409 ${s.conflicts}`,
      });
  return rows;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const args = process.argv.slice(2);
  const arg = (name, fallback) => {
    const i = args.indexOf(name);
    return i >= 0 && args[i + 1] !== undefined ? args[i + 1] : fallback;
  };
  const opts = {
    clients: Number(arg('--clients', DEFAULTS.clients)),
    records: Number(arg('--records', DEFAULTS.records)),
    staff: Number(arg('--staff', DEFAULTS.staff)),
    seconds: Number(arg('--seconds', DEFAULTS.seconds)),
    db: arg('--db', DEFAULTS.db),
    bulks: Number(arg('--bulks', '4')),
    thinkMs: Number(arg('--pause', '200')),
    alone: Number(arg('--alone', DEFAULTS.alone)),
  };
  if (!['sqlite', 'postgres', 'both'].includes(opts.db)) {
    console.error(`--db: expected sqlite, postgres or both, found "${opts.db}"`);
    process.exit(2);
  }
  const results = await practiceLoad(opts);
  console.log(formatReport(results, opts));
  const out = arg('--json', null);
  if (out) writeFileSync(out, JSON.stringify({ opts, results }, null, 2));
}
