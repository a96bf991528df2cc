import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BadInputError } from '../core/index.js';
import { readJsonFile } from './read-json-file.js';

const dir = mkdtempSync(join(tmpdir(), 'gst-json-'));
const file = (name: string, content: string | Buffer): string => {
  const p = join(dir, name);
  writeFileSync(p, content);
  return p;
};

describe('readJsonFile', () => {
  it('refuses a file over the size limit before reading it, naming both sizes', async () => {
    const p = file(
      'big.json',
      JSON.stringify({ b2b: Array.from({ length: 2000 }, (_, i) => ({ inum: `INV-${i}` })) }),
    );
    await expect(readJsonFile(p, 10_000)).rejects.toThrow(
      /big\.json: the file is .* MB, over the 0\.01 MB limit/,
    );
  });

  it('reads UTF-8 with a BOM and UTF-16 LE', async () => {
    expect((await readJsonFile(file('bom.json', '\ufeff{"a":1}'))).data).toEqual({ a: 1 });
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('{"a":"₹"}', 'utf16le')]);
    expect((await readJsonFile(file('u16.json', utf16))).data).toEqual({ a: '₹' });
  });

  it('reads UTF-16 without a BOM, both byte orders', async () => {
    const le = Buffer.from('{"a":"₹"}', 'utf16le');
    expect((await readJsonFile(file('le.json', le))).data).toEqual({ a: '₹' });
    const be = Buffer.from(le);
    be.swap16();
    expect((await readJsonFile(file('be.json', be))).data).toEqual({ a: '₹' });
  });

  it('refuses bytes that are not UTF-8 with the line and column, instead of reading U+FFFD', async () => {
    const latin1 = Buffer.from('{\n  "name": "Soci\u00e9t\u00e9"\n}', 'latin1');
    await expect(readJsonFile(file('latin1.json', latin1))).rejects.toThrow(
      /latin1\.json: not UTF-8 text: byte 0xE9 at line 2, column 16 .*\[INVALID_UNICODE\]/,
    );
    // A surrogate encoded in UTF-8 (CESU) and a sequence cut short are not UTF-8 either.
    const cesu = Buffer.concat([
      Buffer.from('{"a":"'),
      Buffer.from([0xed, 0xa0, 0x80]),
      Buffer.from('"}'),
    ]);
    await expect(readJsonFile(file('cesu.json', cesu))).rejects.toThrow(
      /byte 0xED at line 1, column 7/,
    );
    const cut = Buffer.concat([
      Buffer.from('{"a":"₹'),
      Buffer.from([0xe2, 0x82]),
      Buffer.from('"}'),
    ]);
    await expect(readJsonFile(file('cut.json', cut))).rejects.toThrow(
      /byte 0xE2 at line 1, column 8/,
    );
  });

  it('names the line and column of a JSON syntax error, and refuses binary files', async () => {
    const long = `{\n  "b2b": [\n${'    {"inum": "INV-1", "val": 100},\n'.repeat(5)}    {"inum": "INV-2" "val": 1}\n  ]\n}`;
    await expect(readJsonFile(file('bad.json', long))).rejects.toThrow(
      /bad\.json: not valid JSON \(.* at line 8, column 22\)/,
    );
    await expect(readJsonFile(file('short.json', '{"b": }'))).rejects.toThrow(
      /short\.json: not valid JSON \(Unexpected token/,
    );
    await expect(
      readJsonFile(file('x.xlsx', Buffer.from([0x50, 0x4b, 0x03, 0x04, 0, 0, 1]))),
    ).rejects.toThrow(BadInputError);
    await expect(readJsonFile(file('blank.json', '   \n'))).rejects.toThrow(/only white space/);
  });
});
