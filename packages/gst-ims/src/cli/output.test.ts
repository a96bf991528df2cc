import { describe, expect, it } from 'vitest';
import { forTerminal, makeOut, table } from './output.js';

describe('forTerminal: what people see in a terminal', () => {
  it('shows ESC sequences, C0, DEL and C1 controls as escapes', () => {
    expect(forTerminal('INV\u001b[31mRED\u001b[0m')).toBe('INV\\u001b[31mRED\\u001b[0m');
    expect(forTerminal('\u001b]0;pwned\u0007title')).toBe('\\u001b]0;pwned\\u0007title');
    expect(forTerminal('a\u0000b\u0008c\u007fd')).toBe('a\\u0000b\\u0008c\\u007fd');
    expect(forTerminal('csi\u009b2Jx\u0085')).toBe('csi\\u009b2Jx\\u0085');
    expect(forTerminal('over\rwrite')).toBe('over\\rwrite');
  });

  it('shows bidirectional overrides and lone surrogates as escapes, and keeps real text', () => {
    expect(forTerminal('abc\u202Efdp.exe')).toBe('abc\\u202efdp.exe');
    expect(forTerminal('\u2066x\u2069')).toBe('\\u2066x\\u2069');
    expect(forTerminal('lone \ud800 and \udc00')).toBe('lone \\ud800 and \\udc00');
    const real = 'बिल ₹1,00,000 😀 Ünïcödé';
    expect(forTerminal(real)).toBe(real);
  });

  it('keeps newline and tab in lines (layout), escapes them in table cells (data)', () => {
    expect(forTerminal('a\n\tb')).toBe('a\n\tb');
    expect(forTerminal('a\n\tb', true)).toBe('a\\n\\tb');
  });

  it('is applied to every table cell, and the columns line up on the escaped text', () => {
    const t = table(
      ['No', 'Supplier'],
      [
        ['X\u001b[2J', 'Acme\nLtd'],
        ['Y', 'B'],
      ],
    ).split('\n');
    expect(t).toHaveLength(4);
    expect(t[2]).toBe('X\\u001b[2J  Acme\\nLtd');
    expect(t[3]).toBe('Y           B');
    // eslint-disable-next-line no-control-regex -- finding control characters is the point
    expect(t.join('\n')).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/);
  });

  it('is applied to lines and messages; JSON stays the same value with DEL and C1 escaped too', () => {
    const out: string[] = [];
    const err: string[] = [];
    const o = makeOut(
      'table',
      (s) => out.push(s),
      (s) => err.push(s),
    );
    o.line('doc \u001b[8mhidden');
    o.err('bad \u009b31m');
    expect(out).toEqual(['doc \\u001b[8mhidden\n']);
    expect(err).toEqual(['bad \\u009b31m\n']);
    const j: string[] = [];
    const value = { n: 'a\u001b\u007f\u009bz', ok: 'बिल' };
    makeOut(
      'json',
      (s) => j.push(s),
      () => undefined,
    ).json(value);
    // eslint-disable-next-line no-control-regex -- finding control characters is the point
    expect(j[0]).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/);
    expect(j[0]).toContain('\\u007f\\u009b');
    expect(JSON.parse(j[0] as string)).toEqual(value);
  });
});
