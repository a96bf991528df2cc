// Accuracy harness at scale (issue 13): the matcher against the generator's known truth at
// 100,000 records (two months of 50,000, the books holding both), with every real-books case on
// (GSTIN typos, timing shifts, reverse charge, imports, ISD, unregistered suppliers), reported
// per case. The unit test runs the same arithmetic at 10,000 (core/reconcile.test.ts).
//
// node bench/accuracy.mjs [--records N] [--share 0.01]     (needs npm run build -w gst-ims)
// Exits 1 when precision < 99.5 %, recall < 99 % or outcome agreement < 98 % overall, or when a
// real-books case falls below those (recall only for cases with true pairs).
const dist = new URL('../packages/gst-ims/dist/', import.meta.url);
const load = (p) => import(new URL(p, dist).href);
const { generateImsDownload } = await load('generator/generate-ims.js');
const { generateRegister } = await load('generator/generate-register.js');
const { accuracyByCase, formatAccuracy } = await load('generator/accuracy.js');
const { parseImsDownload } = await load('core/parse-ims-download.js');
const { reconcile, mistypedGstins, portalGstinSet, supplierGroups } =
  await load('core/reconcile.js');
const { DEFAULT_TOLERANCES } = await load('core/register.js');

const arg = (name, fallback) => {
  const i = process.argv.indexOf(name);
  return i >= 0 && process.argv[i + 1] !== undefined ? process.argv[i + 1] : fallback;
};
const total = Number(arg('--records', '100000'));
const share = Number(arg('--share', '0.01'));
const RECIPIENT = '27AABCU9603R1ZN';

const half = Math.floor(total / 2);
const oct = generateImsDownload({
  seed: 2026,
  count: half,
  recipientGstin: RECIPIENT,
  returnPeriod: '102026',
});
const nov = generateImsDownload({
  seed: 2027,
  count: total - half,
  recipientGstin: RECIPIENT,
  returnPeriod: '112026',
});
const books = generateRegister({
  seed: 2026,
  imsJson: oct.json,
  moreImsJsons: [nov.json],
  recipientGstin: RECIPIENT,
  realBooksShare: share,
});
const keys = new Set();
const records = [oct.json, nov.json]
  .flatMap((json) => parseImsDownload(json, { file: 'generated', gstin: RECIPIENT }).records)
  .filter((r) => (keys.has(r.key) ? false : (keys.add(r.key), true)));
const t0 = performance.now();
const results = reconcile({ records, documents: books.rows, tolerances: DEFAULT_TOLERANCES });
const ms = performance.now() - t0;
const report = accuracyByCase(results, books.truth);
console.log(
  `Accuracy harness: ${records.length.toLocaleString('en-IN')} records (two months), ${books.rows.length.toLocaleString('en-IN')} books documents, real-books share ${share}; matched in ${(ms / 1000).toFixed(1)} s`,
);
console.log(formatAccuracy(report));

// The same matching a group of suppliers at a time, as `reconcile` does above 100,000 records
// (app/reconcile-by-groups.ts, decision 0058): batches of whole groups give the same results.
function byGroups(batchRecords) {
  const recordGstins = new Set(records.map((r) => r.supplierGstin));
  const mistyped = mistypedGstins(
    new Set(books.rows.map((d) => d.supplierGstin)),
    portalGstinSet(recordGstins),
  );
  const suspects = books.rows.filter((d) => mistyped.has(d.supplierGstin));
  const groups = supplierGroups({ recordGstins, suspects, links: [] });
  const sizes = new Map();
  for (const r of records) {
    const g = groups.groupOf(r.supplierGstin);
    sizes.set(g, (sizes.get(g) ?? 0) + 1);
  }
  const batchOf = new Map();
  let batch = 0;
  let filled = 0;
  for (const [g, n] of sizes) {
    if (filled > 0 && filled + n > batchRecords) {
      batch++;
      filled = 0;
    }
    batchOf.set(g, batch);
    filled += n;
  }
  const out = new Map();
  for (let b = 0; b <= batch; b++) {
    const inBatch = (gstin) => (batchOf.get(groups.groupOf(gstin)) ?? batch) === b;
    const part = reconcile({
      records: records.filter((r) => inBatch(r.supplierGstin)),
      documents: books.rows.filter((d) => inBatch(d.supplierGstin)),
      tolerances: DEFAULT_TOLERANCES,
    });
    for (const m of part) out.set(m.recordKey ?? `ref:${m.registerRef}`, m);
  }
  return { batches: batch + 1, out };
}
const grouped = byGroups(10_000);
const differ = results.filter(
  (m) =>
    JSON.stringify(grouped.out.get(m.recordKey ?? `ref:${m.registerRef}`)) !== JSON.stringify(m),
).length;
console.log(
  `Matched in ${grouped.batches} batches of whole supplier groups: ${differ} result(s) differ from the one run.`,
);

const REAL = ['gstinTypo', 'timingShift', 'reverseCharge', 'import', 'isd', 'unregistered'];
const failures = [];
const check = (f) => {
  if (f.precision < 0.995)
    failures.push(`${f.case}: precision ${(100 * f.precision).toFixed(2)} %`);
  if (f.truePairs > 0 && f.recall < 0.99)
    failures.push(`${f.case}: recall ${(100 * f.recall).toFixed(2)} %`);
  if (f.agreement < 0.98) failures.push(`${f.case}: agreement ${(100 * f.agreement).toFixed(2)} %`);
};
check(report.overall);
for (const f of report.cases) if (REAL.includes(f.case)) check(f);
const outside = new Set(books.rows.filter((d) => d.outsideIms).map((d) => d.ref));
const pairedOutside = results.filter(
  (r) => r.registerRef !== null && outside.has(r.registerRef) && r.recordKey !== null,
).length;
if (pairedOutside > 0)
  failures.push(`${pairedOutside} document(s) outside IMS paired with a record`);
if (differ > 0 || grouped.out.size !== results.length)
  failures.push(`${differ} result(s) differ when matched a group of suppliers at a time`);
if (failures.length) {
  console.error(`FAILED: ${failures.join('; ')}`);
  process.exit(1);
}
console.log(
  'Goals met: precision >= 99.5 %, recall >= 99 %, outcome agreement >= 98 % overall and for every real-books case.',
);
