import ExcelJS from 'exceljs';
const N = 100000, C = 25;
const mode = process.argv[2];
const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: '/tmp/xl/e.xlsx', useStyles: true, useSharedStrings: mode !== 'nosst' });
const ws = wb.addWorksheet('B2B');
const st = { fill: { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFEDEDED' } }, protection: { locked: true } };
let peak = 0, peakHeap = 0, peakExt = 0; const iv = setInterval(() => { const m = process.memoryUsage(); peak = Math.max(peak, m.rss); peakHeap = Math.max(peakHeap, m.heapUsed); peakExt = Math.max(peakExt, m.external + m.arrayBuffers); }, 20);
const t = Date.now();
for (let i = 0; i < N; i++) {
  const vals = []; for (let c = 0; c < C; c++) vals.push(c % 3 === 0 ? `s${i}-${c}-abcdefghij` : c % 3 === 1 ? i * 1.25 : 'No Action');
  const r = ws.addRow(vals);
  for (let c = 1; c <= C; c++) r.getCell(c).style = st;
  r.commit();
  if (mode === 'yield' && i % 500 === 0) await new Promise((r) => setImmediate(r));
}
ws.commit(); await wb.commit(); clearInterval(iv);
console.log(mode, Date.now() - t, 'ms rss', Math.round(peak / 1e6), 'heap', Math.round(peakHeap / 1e6), 'ext', Math.round(peakExt / 1e6));
