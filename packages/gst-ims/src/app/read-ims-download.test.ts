// The streamed reader of `import ims` against the whole-file reader it replaced: every IMS file of
// the hostile corpus and the fixtures gets the same answer from both (the same records, warnings
// and counts, or the same refusal word for word), at batch sizes that put record boundaries
// everywhere. Plus files built here to hit what the corpus does not: sections in odd places and
// orders, brackets and escapes inside strings, chunk boundaries, broken syntax between records.
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseImsDownload } from '../core/index.js';
import { generateImsDownload } from '../generator/generate-ims.js';
import { readJsonFile } from '../io/index.js';
import { readImsDownload } from './import-ims.js';

const REPO = new URL('../../../../', import.meta.url).pathname;
const dirs = [
  join(REPO, 'tests/hostile/corpus/ims'),
  join(REPO, 'tests/fixtures/ims'),
  join(REPO, 'tests/fixtures/bad'),
];
const files = dirs.flatMap((d) =>
  readdirSync(d)
    .filter((f) => f.endsWith('.json'))
    .map((f) => join(d, f)),
);

type Outcome = { ok: unknown } | { refused: string };

async function whole(file: string, gstin?: string): Promise<Outcome> {
  try {
    const { data, name } = await readJsonFile(file);
    return {
      ok: parseImsDownload(data, gstin === undefined ? { file: name } : { file: name, gstin }),
    };
  } catch (e) {
    return { refused: (e as Error).message };
  }
}

async function streamed(file: string, batch: number, gstin?: string): Promise<Outcome> {
  try {
    return { ok: (await readImsDownload(file, gstin, undefined, batch)).parsed };
  } catch (e) {
    return { refused: (e as Error).message };
  }
}

const tmp = mkdtempSync(join(tmpdir(), 'gst-ims-stream-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const write = (name: string, text: string | Buffer): string => {
  const f = join(tmp, name);
  writeFileSync(f, text);
  return f;
};

describe('the streamed IMS reader answers as the whole-file reader did', () => {
  it.each(files.map((f) => [f.slice(REPO.length), f]))('%s', async (_, file) => {
    const expected = await whole(file, '27AABCU9603R1ZN');
    for (const batch of [1, 2, 3, 2000]) {
      expect(await streamed(file, batch, '27AABCU9603R1ZN'), `batch ${batch}`).toEqual(expected);
    }
    expect(await streamed(file, 2000)).toEqual(await whole(file));
  });

  const gen = generateImsDownload({
    seed: 3,
    count: 40,
    recipientGstin: '27AABCU9603R1ZN',
    returnPeriod: '102026',
  }).json;
  const details = gen.imsDetails as Record<string, unknown[]>;
  const b2b = details.b2b ?? [];
  const built: [string, string][] = [
    ['offline envelope', JSON.stringify(gen, null, 2)],
    ['api shape, sections first, gstin last', JSON.stringify({ ...details, gstin: gen.gstin })],
    [
      'wrapped in data, upper-case keys',
      JSON.stringify({ DATA: { GSTIN: gen.gstin, IMSDETAILS: { B2B: b2b } } }),
    ],
    [
      'section twice (JSON.parse keeps the last)',
      `{"gstin":"${String(gen.gstin)}","b2b":${JSON.stringify(b2b.slice(0, 3))},"b2b":${JSON.stringify(b2b.slice(5, 9))}}`,
    ],
    [
      'brackets, quotes and escapes in text',
      JSON.stringify({
        gstin: gen.gstin,
        b2b: b2b
          .slice(0, 4)
          .map((r, i) => ({ ...(r as object), tradenm: ['a]b,c', 'x\\"}{', '\\\\', 'ण]['][i] })),
      }),
    ],
    ['a trailing comma', `{"b2b":[${JSON.stringify(b2b[0])},]}`],
    ['two commas', `{"b2b":[${JSON.stringify(b2b[0])},,${JSON.stringify(b2b[1])}]}`],
    ['a missing comma', `{"b2b":[${JSON.stringify(b2b[0])} ${JSON.stringify(b2b[1])}]}`],
    [
      'a bad token inside a record',
      `{"b2b":[${JSON.stringify(b2b[0])},${JSON.stringify(b2b[1]).replace(':', '::')}]}`,
    ],
    ['a bracket that closes the wrong thing', `{"b2b":[${JSON.stringify(b2b[0])}}}`],
    ['cut off in the records', JSON.stringify(gen).slice(0, 5000)],
    ['an empty section, null section', '{"gstin":"27AABCU9603R1ZN","b2b":[ ],"b2bcn":null}'],
    ['records that are not objects', '{"gstin":"27AABCU9603R1ZN","b2b":[1,"x",null]}'],
    [
      'a proto key in a record',
      `{"b2b":[${JSON.stringify(b2b[0]).replace('{', '{"__proto__":{"x":1},')}]}`,
    ],
    [
      'a section key with an escape',
      `{"gstin":"27AABCU9603R1ZN","b\\u0032b":${JSON.stringify(b2b.slice(0, 2))}}`,
    ],
    [
      'sections nested too deep are not sections',
      `{"x":{"y":{"b2b":${JSON.stringify(b2b.slice(0, 2))}}},"b2b":[]}`,
    ],
  ];
  it.each(built)('%s', async (name, text) => {
    const file = write(`${name.replace(/\W+/g, '-')}.json`, text);
    const expected = await whole(file);
    for (const batch of [1, 7, 2000])
      expect(await streamed(file, batch), `batch ${batch}`).toEqual(expected);
  });

  it('reads a file larger than its 4 MB chunks the same, character by character across chunk ends', async () => {
    const big = generateImsDownload({
      seed: 5,
      count: 15_000,
      recipientGstin: '27AABCU9603R1ZN',
      returnPeriod: '102026',
    }).json;
    const inner = big.imsDetails as Record<string, Record<string, unknown>[]>;
    // Non-ASCII names and backslashes everywhere, so some chunk ends fall inside them.
    for (const [i, r] of (inner.b2b ?? []).entries())
      r.tradenm = `${String(r.tradenm)} ಕನ್ನಡ \\ "${i}"`;
    const file = write('big.json', JSON.stringify(big));
    const expected = await whole(file);
    expect('ok' in expected).toBe(true);
    expect(await streamed(file, 2000)).toEqual(expected);
  });
});
