import { describe, expect, it } from 'vitest';
import type { ProgressSettings } from './progress.js';
import { createProgress, formatBarLine, progressWanted } from './progress.js';

/** A stand-in for process.stderr: records what a bar writes. */
function fakeStream(isTTY: boolean): {
  isTTY: boolean;
  columns: number;
  chunks: string[];
  write(s: string): boolean;
  text(): string;
} {
  const chunks: string[] = [];
  return {
    isTTY,
    columns: 100,
    chunks,
    write(s: string) {
      chunks.push(s);
      return true;
    },
    text: () => chunks.join(''),
  };
}

const settings = (over: Partial<ProgressSettings> = {}): ProgressSettings => ({
  stream: fakeStream(true),
  format: 'table',
  env: {},
  ...over,
});

// ESC[2K clears the whole line: what a bar does when it is stopped.
const CLEAR_LINE = '\x1b[2K';

describe('progressWanted', () => {
  it('wants bars only on a terminal, with table output, when nobody said no', () => {
    expect(progressWanted(settings())).toBe(true);
    expect(progressWanted(settings({ stream: undefined }))).toBe(false);
    expect(progressWanted(settings({ stream: fakeStream(false) }))).toBe(false);
    expect(progressWanted(settings({ format: 'json' }))).toBe(false);
    expect(progressWanted(settings({ env: { GST_IMS_NO_PROGRESS: '1' } }))).toBe(false);
    expect(progressWanted(settings({ env: { CI: 'true' } }))).toBe(false);
    expect(progressWanted(settings({ env: { TERM: 'dumb' } }))).toBe(false);
    // Set to nothing is not set.
    expect(progressWanted(settings({ env: { CI: '', GST_IMS_NO_PROGRESS: '' } }))).toBe(true);
  });
});

describe('createProgress', () => {
  it('gives no sink and writes nothing when stderr is not a terminal', () => {
    const stream = fakeStream(false);
    const p = createProgress(settings({ stream }));
    expect(p.sink).toBeUndefined();
    p.stop();
    expect(stream.chunks).toEqual([]);
  });

  it('gives no sink with --format json, or with GST_IMS_NO_PROGRESS or CI set, even on a terminal', () => {
    for (const over of [
      { format: 'json' as const },
      { env: { GST_IMS_NO_PROGRESS: '1' } },
      { env: { CI: '1' } },
    ]) {
      const stream = fakeStream(true);
      const p = createProgress(settings({ stream, ...over }));
      expect(p.sink).toBeUndefined();
      p.stop();
      expect(stream.chunks).toEqual([]);
    }
  });

  it('draws a bar on a terminal and clears it when stopped', () => {
    const stream = fakeStream(true);
    const p = createProgress(settings({ stream }));
    const sink = p.sink;
    expect(sink).toBeDefined();
    sink?.('reading rows', 0, 10_000);
    expect(stream.text()).toContain('reading rows [');
    expect(stream.text()).toContain('0/10,000');
    sink?.('reading rows', 5_000, 10_000);
    p.stop();
    const text = stream.text();
    // The final draw shows the last value; then the line is cleared, nothing after it.
    expect(text).toContain('5,000/10,000');
    expect(text.endsWith(CLEAR_LINE)).toBe(true);
    // Every byte went to the stream given (stderr in the CLI), none without a terminal escape at the start.
    expect(stream.chunks[0]?.startsWith('\x1b')).toBe(true);
    const after = stream.chunks.length;
    p.stop();
    expect(stream.chunks.length).toBe(after);
  });

  it('starts a new bar per phase, clearing the one before', () => {
    const stream = fakeStream(true);
    const p = createProgress(settings({ stream }));
    p.sink?.('matching records', 0, 100);
    p.sink?.('matching records', 100, 100);
    const firstPhase = stream.text();
    expect(firstPhase).toContain('matching records');
    p.sink?.('writing the result', 0, 50);
    const second = stream.text().slice(firstPhase.length);
    // The first bar is finished and cleared before the second is drawn.
    expect(second.indexOf(CLEAR_LINE)).toBeGreaterThanOrEqual(0);
    expect(second.indexOf(CLEAR_LINE)).toBeLessThan(second.indexOf('writing the result'));
    expect(second).toContain('100/100');
    p.stop();
    expect(stream.text().endsWith(CLEAR_LINE)).toBe(true);
  });

  it('starts again after a stop (normal output came in between)', () => {
    const stream = fakeStream(true);
    const p = createProgress(settings({ stream }));
    p.sink?.('phase', 1, 10);
    p.stop();
    const before = stream.text().length;
    p.sink?.('phase', 2, 10);
    expect(stream.text().slice(before)).toContain('phase [');
    p.stop();
  });

  it('never lets a broken terminal fail the work', () => {
    let calls = 0;
    const stream = {
      isTTY: true,
      columns: 80,
      write(): boolean {
        calls++;
        throw new Error('EIO');
      },
    };
    const p = createProgress(settings({ stream }));
    expect(() => p.sink?.('phase', 1, 10)).not.toThrow();
    const seen = calls;
    expect(() => p.sink?.('phase', 2, 10)).not.toThrow();
    expect(() => p.stop()).not.toThrow();
    // After the first failure, no more attempts to draw.
    expect(calls).toBe(seen);
  });
});

describe('formatBarLine', () => {
  it('shows the phase, a bar, the percentage and the counts in Indian grouping', () => {
    const line = formatBarLine('writing register documents', 50_000, 1_00_000, Number.NaN);
    expect(line).toMatch(/^writing register documents \[#{15}\.{15}\] {2}50% 50,000\/1,00,000$/);
    expect(formatBarLine('x', 10, 10, 0)).toContain('100% 10/10');
  });

  it('shows an ETA only while the work is under way', () => {
    expect(formatBarLine('x', 5, 10, 75)).toMatch(/ETA 1m15s$/);
    expect(formatBarLine('x', 0, 10, 75)).not.toContain('ETA');
    expect(formatBarLine('x', 10, 10, 75)).not.toContain('ETA');
    expect(formatBarLine('x', 5, 10, Number.POSITIVE_INFINITY)).not.toContain('ETA');
  });

  it('says only the phase (and a count) when the total is not known', () => {
    expect(formatBarLine('reading register rows', 0, 0, 0)).toBe('reading register rows ...');
    expect(formatBarLine('reading register rows', 1234, 0, 0)).toBe(
      'reading register rows ... 1,234',
    );
  });
});
