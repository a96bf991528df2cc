// One-off measurement (issue 11, point 3): a purchase register as large as Excel allows
// (1,048,000 rows x 14 cells, about 28 MB) imported by the built binary, with its peak resident
// memory taken by `/usr/bin/time -v` (the kernel's high-water mark for the whole process).
// Before the bounded-memory reader this aborted with "heap limit" at about 4.5 GB.
//
//   node bench/xlsx-register-memory.mjs [--rows N] [--keep]
//
// Needs `npm run build -w packages/gst-ims`. The workbook is written with exceljs' streaming
// WorkbookWriter (rows committed as they go, so the generator stays small too) into a temporary
// folder, removed afterwards unless --keep. Not part of `npm run bench`: generating the file
// alone takes about a minute.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ExcelJS from 'exceljs';

const args = process.argv.slice(2);
const arg = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 && args[i + 1] !== undefined ? args[i + 1] : fallback;
};
const ROWS = Number(arg('--rows', '1048000'));
const KEEP = args.includes('--keep');
const RECIPIENT = '27AABCU9603R1ZN';
const SUPPLIERS = ['29AAACR5055K1Z3', '24AAACB1234C1ZL', '27AAPFU0939F1ZV', '07AAACH7409R1ZZ'];
const BIN = fileURLToPath(new URL('../packages/gst-ims/bin/gst-ims.js', import.meta.url));
const dist = new URL('../packages/gst-ims/dist/', import.meta.url);

const dir = mkdtempSync(join(tmpdir(), 'gst-ims-xlsx-mem-'));
const xlsx = join(dir, 'register.xlsx');
const db = join(dir, 'ws.sqlite');

async function writeRegister() {
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: xlsx, useSharedStrings: true });
  const ws = wb.addWorksheet('Purchase Register');
  ws.addRow([
    'Voucher No',
    'Supplier GSTIN',
    'Supplier Name',
    'Invoice No',
    'Invoice Date',
    'Invoice Type',
    'Place of Supply',
    'Rate',
    'Taxable Value',
    'IGST',
    'CGST',
    'SGST',
    'Cess',
    'Invoice Value',
  ]).commit();
  for (let i = 1; i <= ROWS; i++) {
    const taxable = 1000 + (i % 9000) + (i % 100) / 100;
    const tax = Math.round(taxable * 18) / 100;
    const row = ws.addRow([
      `PV-${i}`,
      SUPPLIERS[i % SUPPLIERS.length],
      `Supplier ${i % 500}`,
      `INV/${i}`,
      new Date(Date.UTC(2026, 3 + (i % 6), 1 + (i % 28))),
      'Invoice',
      '27',
      18,
      taxable,
      tax,
      0,
      0,
      0,
      Math.round((taxable + tax) * 100) / 100,
    ]);
    row.getCell(5).numFmt = 'dd-mm-yyyy';
    row.commit();
  }
  ws.commit();
  await wb.commit();
}

function gst(args, timed = false) {
  const argv = ['--db', db, '--user', 'bench', ...args];
  const r = timed
    ? spawnSync('/usr/bin/time', ['-v', process.execPath, BIN, ...argv], {
        encoding: 'utf8',
        maxBuffer: 1 << 26,
      })
    : spawnSync(process.execPath, [BIN, ...argv], { encoding: 'utf8', maxBuffer: 1 << 26 });
  return r;
}

try {
  if (!existsSync(new URL('cli/main.js', dist)))
    throw new Error('build first: npm run build -w packages/gst-ims');
  const t0 = Date.now();
  await writeRegister();
  console.log(
    `wrote ${ROWS.toLocaleString('en-IN')} rows x 14 cells: ${(statSync(xlsx).size / 1048576).toFixed(1)} MB in ${((Date.now() - t0) / 1000).toFixed(0)} s`,
  );

  // A workspace for the recipient: a small IMS download first.
  const { generateImsDownload } = await import(new URL('generator/generate-ims.js', dist).href);
  const ims = join(dir, 'ims.json');
  writeFileSync(
    ims,
    JSON.stringify(
      generateImsDownload({ seed: 1, count: 50, recipientGstin: RECIPIENT, returnPeriod: '102026' })
        .json,
    ),
  );
  const first = gst(['import', 'ims', ims]);
  if (first.status !== 0) throw new Error(`import ims failed: ${first.stderr}`);

  const r = gst(['import', 'register', xlsx], true);
  const stat = (label) => new RegExp(`${label}: (.*)`).exec(r.stderr)?.[1]?.trim() ?? '?';
  const peakKb = Number(stat('Maximum resident set size \\(kbytes\\)'));
  console.log(`gst-ims import register: exit ${r.status}`);
  console.log(r.stdout.split('\n').slice(0, 2).join('\n'));
  const tail = r.stderr
    .split('\n')
    .filter((l) => l.trim() !== '' && !/^\s/.test(l))
    .slice(0, 4);
  if (tail.length) console.log(tail.join('\n'));
  console.log(
    `elapsed ${stat('Elapsed \\(wall clock\\) time \\(h:mm:ss or m:ss\\)')}, user ${stat('User time \\(seconds\\)')} s, system ${stat('System time \\(seconds\\)')} s`,
  );
  console.log(`peak RSS ${Math.round(peakKb / 1024)} MB (/usr/bin/time -v)`);
} finally {
  if (KEEP) console.log(`kept ${dir}`);
  else rmSync(dir, { recursive: true, force: true });
}
