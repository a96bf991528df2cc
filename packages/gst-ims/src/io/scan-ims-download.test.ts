// The streamed reader's contract beyond "same answer as a whole read" (app/read-ims-download.test.ts):
// a large file is never handed to the whole-file reader, its envelope holds no record, and a
// file the scanner cannot take is read whole only up to the limit and refused over it.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { generateImsDownload } from '../generator/generate-ims.js';
import { readJsonFile } from './read-json-file.js';
import { readSectionRecords } from './read-section-records.js';
import { scanImsDownload } from './scan-ims-download.js';

const tmp = mkdtempSync(join(tmpdir(), 'gst-ims-scan-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const download = (count: number): Record<string, unknown> =>
  generateImsDownload({
    seed: 11,
    count,
    recipientGstin: '27AABCU9603R1ZN',
    returnPeriod: '102026',
  }).json;

describe('scanImsDownload', () => {
  it('streams a file of several chunks: never read whole, the envelope without records', async () => {
    const json = download(25_000);
    const file = join(tmp, 'large.json');
    writeFileSync(file, JSON.stringify(json));
    const readWhole = vi.fn(readJsonFile);
    const scanned = await scanImsDownload(file, { readWhole });
    expect(readWhole).not.toHaveBeenCalled();
    expect(scanned.bytes).toBeGreaterThan(8 * 1024 * 1024); // more than two of its 4 MB chunks
    const details = (scanned.data as { imsDetails: Record<string, unknown[]> }).imsDetails;
    const sections = Object.keys(json.imsDetails as object);
    expect(Object.keys(details)).toEqual(sections);
    for (const key of sections) {
      const list = details[key] ?? [];
      expect(list).toEqual([]);
      const range = scanned.ranges.get(list);
      expect(range, key).toBeDefined();
      if (range === undefined) continue;
      const read: unknown[] = [];
      for await (const batch of readSectionRecords(file, range, 777)) {
        expect(batch.length).toBeLessThanOrEqual(777);
        read.push(...batch);
      }
      expect(read).toEqual((json.imsDetails as Record<string, unknown[]>)[key]);
    }
  });

  it('reads a UTF-16 file whole when it fits the limit, and refuses it over the limit unread', async () => {
    const text = JSON.stringify(download(30));
    const file = join(tmp, 'utf16.json');
    writeFileSync(file, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]));
    const readWhole = vi.fn(readJsonFile);
    const fits = await scanImsDownload(file, { readWhole });
    expect(readWhole).toHaveBeenCalledTimes(1);
    expect(fits.data).toEqual(JSON.parse(text));
    readWhole.mockClear();
    await expect(scanImsDownload(file, { readWhole, wholeLimit: 1024 })).rejects.toThrow(
      /utf16\.json: the file is 0\.\d MB and is not UTF-8 JSON text .* files over 0 MB are read only as UTF-8 JSON/,
    );
    expect(readWhole).not.toHaveBeenCalled();
  });

  it('refuses bad syntax between records over the limit by byte offsets, unread', async () => {
    const file = join(tmp, 'bad-record.json');
    const text = JSON.stringify(download(50)).replace('"inum":', '"inum"::');
    writeFileSync(file, text);
    const scanned = await scanImsDownload(file);
    const list = (scanned.data as { imsDetails: { b2b: unknown[] } }).imsDetails.b2b;
    const range = scanned.ranges.get(list);
    if (range === undefined) throw new Error('b2b was not streamed');
    const read = async (): Promise<void> => {
      for await (const batch of readSectionRecords(file, range, 10, 100))
        expect(batch).toBeDefined();
    };
    await expect(read()).rejects.toThrow(
      /bad-record\.json: not valid JSON \(in the records between bytes \d+ and \d+\); is the file complete\?/,
    );
  });

  it('finds the same records with chunk ends at every byte (escapes, quotes, brackets in text)', async () => {
    const json = download(6);
    const details = json.imsDetails as Record<string, Record<string, unknown>[]>;
    const names = ['a\\', '\\"]}', 'ಕ,[{', '\\\\', '"', 'x\\\\"y'];
    for (const [i, r] of (details.b2b ?? []).entries()) r.tradenm = names[i % names.length];
    const file = join(tmp, 'escapes.json');
    writeFileSync(file, JSON.stringify({ ...json, note: 'b2b":[ ] \\' }, null, 1));
    const records = async (chunkBytes?: number): Promise<unknown> => {
      const scanned = await scanImsDownload(file, {
        chunkBytes,
        readWhole: () => Promise.reject(new Error('read whole')),
      });
      const out: unknown[] = [scanned.data];
      for (const range of scanned.ranges.values())
        for await (const batch of readSectionRecords(file, range, 2)) out.push(batch);
      return out;
    };
    const expected = await records();
    expect((expected as unknown[]).length).toBeGreaterThan(2);
    for (const chunk of [1, 2, 3, 4, 5, 7, 11, 64])
      expect(await records(chunk), `chunk ${chunk}`).toEqual(expected);
  });

  it('refuses a file over the streamed limit unread', async () => {
    const file = join(tmp, 'huge.json');
    writeFileSync(file, JSON.stringify(download(3000)));
    const readWhole = vi.fn(readJsonFile);
    await expect(scanImsDownload(file, { readWhole, streamLimit: 1024 * 1024 })).rejects.toThrow(
      /huge\.json: the file is 1 MB, over the 1 MB an IMS download can be for import ims/,
    );
    expect(readWhole).not.toHaveBeenCalled();
  });

  it("refuses a file over the caller's own limit before reading it", async () => {
    const file = join(tmp, 'limit.json');
    writeFileSync(file, JSON.stringify(download(30)));
    await expect(scanImsDownload(file, { maxBytes: 100 })).rejects.toThrow(
      /over the 0\.00 MB limit/,
    );
  });
});
