import { createHash } from 'node:crypto';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FileSetWriter } from './file-set-writer.js';

const part = (n: string): boolean => /^up(-reset)?(-\d+)?\.json$/.test(n);

describe('FileSetWriter', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'gst-ims-file-set-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('writes each part from its pieces, with its length and sha256, then renames and removes stale parts', async () => {
    await writeFile(join(dir, 'up-3.json'), 'an earlier set');
    await writeFile(join(dir, 'notes.txt'), 'not a part');
    const w = await FileSetWriter.open(join(dir, 'up.manifest.json'), part);
    const texts = ['{"a":"₹ ', 'x'.repeat(1_200_000), '"}'];
    await w.begin(join(dir, 'up-1.json'));
    for (const t of texts) await w.write(t);
    const one = await w.end();
    await w.begin(join(dir, 'up-2.json'));
    await w.write('[]');
    const two = await w.end();
    // Nothing is in place before the commit.
    expect((await readdir(dir)).sort()).not.toContain('up-1.json');
    const r = await w.commit([join(dir, 'up.json'), join(dir, 'up-reset.json')], '{"m":1}\n');

    const whole = texts.join('');
    expect(one.bytes).toBe(Buffer.byteLength(whole));
    expect(one.sha256).toBe(createHash('sha256').update(whole, 'utf8').digest('hex'));
    expect(await readFile(join(dir, 'up.json'), 'utf8')).toBe(whole);
    expect(two).toEqual({ bytes: 2, sha256: createHash('sha256').update('[]').digest('hex') });
    expect(await readFile(join(dir, 'up-reset.json'), 'utf8')).toBe('[]');
    expect(await readFile(join(dir, 'up.manifest.json'), 'utf8')).toBe('{"m":1}\n');
    expect(r.removed).toEqual([join(dir, 'up-3.json')]);
    expect((await readdir(dir)).sort()).toEqual([
      'notes.txt',
      'up-reset.json',
      'up.json',
      'up.manifest.json',
    ]);
  });

  it('abort leaves the folder as it was; the next run cleans a killed run’s temporaries', async () => {
    await writeFile(join(dir, 'up.json'), 'the set in place');
    const w = await FileSetWriter.open(join(dir, 'up.manifest.json'), part);
    await w.begin(join(dir, 'up-1.json'));
    await w.write('half');
    await w.abort();
    expect(await readdir(dir)).toEqual(['up.json']);
    expect(await readFile(join(dir, 'up.json'), 'utf8')).toBe('the set in place');

    // A killed run's temporaries: of this set's names only.
    await writeFile(join(dir, '.up-2.json.0123456789ab.tmp'), 'killed');
    await writeFile(join(dir, '.other.json.0123456789ab.tmp'), 'someone else');
    const again = await FileSetWriter.open(join(dir, 'up.manifest.json'), part);
    expect(again.cleaned).toEqual([join(dir, '.up-2.json.0123456789ab.tmp')]);
    expect((await readdir(dir)).sort()).toEqual(['.other.json.0123456789ab.tmp', 'up.json']);
  });
});
