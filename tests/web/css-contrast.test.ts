// Issue 14: "amber text at 4.5:1 contrast or better". Every text colour the web app's style sheets
// set is checked against what it is drawn on: the rule's own background when it gives one, else
// the page's light backgrounds (white panels, the grey page), or the dark top bar for rules inside
// it. axe-core checks the rendered pages too (tests/e2e); this catches a colour no e2e page shows.
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const SRC = join(dirname(fileURLToPath(import.meta.url)), '../../packages/web/src');

function cssFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory()
      ? cssFiles(join(dir, e.name))
      : e.name.endsWith('.css')
        ? [join(dir, e.name)]
        : [],
  );
}

interface Rule {
  readonly file: string;
  readonly selector: string;
  readonly decls: ReadonlyMap<string, string>;
}

/** Innermost `selector { declarations }` blocks (an @media block's rules included). */
function rulesOf(file: string): Rule[] {
  const text = readFileSync(file, 'utf8').replace(/\/\*[\s\S]*?\*\//g, '');
  const out: Rule[] = [];
  for (const m of text.matchAll(/([^{}]+)\{([^{}]*)\}/g)) {
    const decls = new Map<string, string>();
    for (const d of m[2]!.split(';')) {
      const i = d.indexOf(':');
      if (i > 0) decls.set(d.slice(0, i).trim(), d.slice(i + 1).trim());
    }
    out.push({ file: file.slice(SRC.length + 1), selector: m[1]!.trim(), decls });
  }
  return out;
}

const RULES = cssFiles(SRC).flatMap(rulesOf);
const VARS = new Map(
  RULES.filter((r) => r.selector === ':root').flatMap((r) =>
    [...r.decls].filter(([k]) => k.startsWith('--')),
  ),
);

/** A plain colour (#rgb, #rrggbb, a var() of one, white) as [r, g, b]; null for anything else. */
function rgb(value: string | undefined): [number, number, number] | null {
  if (value === undefined) return null;
  const v = value.replace(/var\((--[\w-]+)\)/g, (_, name: string) => VARS.get(name) ?? '').trim();
  if (v === 'white') return [255, 255, 255];
  const m = /^#([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(v);
  if (!m) return null;
  const h = m[1]!.length === 3 ? [...m[1]!].map((c) => c + c).join('') : m[1]!;
  return [0, 2, 4].map((i) => parseInt(h.slice(i, i + 2), 16)) as [number, number, number];
}

/** WCAG 2 contrast ratio of two colours. */
function contrast(a: [number, number, number], b: [number, number, number]): number {
  const lum = (c: [number, number, number]): number => {
    const [r, g, bl] = c.map((x) => {
      const s = x / 255;
      return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
    }) as [number, number, number];
    return 0.2126 * r + 0.7152 * g + 0.0722 * bl;
  };
  const [hi, lo] = [lum(a), lum(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

const TOPBAR = rgb(RULES.find((r) => r.selector === '.topbar')?.decls.get('background'))!;
const LIGHT: [string, [number, number, number]][] = [
  ['white', [255, 255, 255]],
  ['--bg', rgb('var(--bg)')!],
];

/** What a rule's text is drawn on: its own background, the top bar's, or the light page. */
function grounds(r: Rule): [string, [number, number, number]][] {
  const own = rgb(r.decls.get('background') ?? r.decls.get('background-color'));
  if (own) return [['its background', own]];
  if (/^\.topbar\b/.test(r.selector)) return [['the top bar', TOPBAR]];
  return LIGHT;
}

describe("the web app's text colours", () => {
  it('reads the style sheets (the page colours and the amber warning colour are there)', () => {
    expect(RULES.length).toBeGreaterThan(50);
    expect(rgb('var(--warn)')).not.toBeNull();
    expect(TOPBAR).not.toBeNull();
  });

  it('draws amber (warning) text at 4.5:1 or better on every background it sits on', () => {
    const warn = RULES.filter((r) => /var\(--warn\)/.test(r.decls.get('color') ?? ''));
    expect(warn.length).toBeGreaterThan(3);
    const low = warn.flatMap((r) =>
      grounds(r)
        .map(([name, bg]) => [r.selector, name, contrast(rgb(r.decls.get('color'))!, bg)] as const)
        .filter(([, , c]) => c < 4.5),
    );
    expect(low).toEqual([]);
  });

  it('draws every other text colour at 4.5:1 or better too', () => {
    const low = RULES.flatMap((r) => {
      const fg = rgb(r.decls.get('color'));
      if (fg === null) return [];
      return grounds(r)
        .map(([name, bg]) => [r.file, r.selector, name, Number(contrast(fg, bg).toFixed(2))])
        .filter(([, , , c]) => (c as number) < 4.5);
    });
    expect(low).toEqual([]);
  });
});
