import { mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BadInputError } from '../core/index.js';
import { writeFileAtomic } from './write-file-atomic.js';

describe('writeFileAtomic', () => {
  it('writes the content, given whole or in pieces, and replaces an older file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gst-write-'));
    const file = join(dir, 'up.json');
    writeFileSync(file, 'old');
    await writeFileAtomic(file, ['{"a":', '1}']);
    expect(readFileSync(file, 'utf8')).toBe('{"a":1}');
    await writeFileAtomic(file, '₹ 1,00,000');
    expect(readFileSync(file, 'utf8')).toBe('₹ 1,00,000');
    expect(readdirSync(dir)).toEqual(['up.json']);
  });

  it('creates a missing folder, as the other output commands do', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gst-write-'));
    const file = join(dir, 'reports', '2026-10', 'up.json');
    await writeFileAtomic(file, '{}');
    expect(readFileSync(file, 'utf8')).toBe('{}');
    expect(readdirSync(join(dir, 'reports', '2026-10'))).toEqual(['up.json']);
  });

  it('names the file asked for, not its temporary file, when a part of the path is a file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gst-write-'));
    writeFileSync(join(dir, 'notes.txt'), 'x');
    const file = join(dir, 'notes.txt', 'up.json');
    const err = await writeFileAtomic(file, 'x').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BadInputError);
    expect((err as Error).message).toBe(
      `${file}: cannot write it: a part of the path ${join(dir, 'notes.txt')} is not a folder`,
    );
    expect((err as Error).message).not.toMatch(/\.tmp/);
  });

  it('leaves no temporary file behind when the target cannot be replaced', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gst-write-'));
    const target = join(dir, 'up.json');
    mkdirSync(target); // a folder where the file should go
    const err = await writeFileAtomic(target, 'x').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BadInputError);
    expect((err as Error).message).toBe(`${target}: cannot write it: it is a folder`);
    expect(readdirSync(dir)).toEqual(['up.json']);
  });
});
