// Writes a generated IMS download for the web benchmark's workspace (bench/web-workspace.mjs):
//   node bench/web-generate.mjs FILE RECORDS RECIPIENT
// In a process of its own, so that the generated value never stays in the benchmark's memory.
import { writeFileSync } from 'node:fs';

const [file, records, recipient] = process.argv.slice(2);
const dist = new URL('../packages/gst-ims/dist/', import.meta.url);
const { generateImsDownload } = await import(new URL('generator/generate-ims.js', dist).href);
writeFileSync(
  file,
  JSON.stringify(
    generateImsDownload({
      seed: 7,
      count: Number(records),
      recipientGstin: recipient,
      returnPeriod: '102026',
    }).json,
  ),
);
