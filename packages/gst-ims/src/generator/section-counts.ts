// How many records of each section a generated download holds.
import type { Section } from '../core/sections.js';
import { SECTIONS } from '../core/sections.js';

const SHARE_PERMILLE: Readonly<Record<Section, number>> = {
  b2b: 780,
  b2ba: 30,
  b2bdn: 40,
  b2bdna: 10,
  b2bcn: 90,
  b2bcna: 10,
  ecom: 30,
  ecoma: 10,
};

export function sectionCounts(count: number): Record<Section, number> {
  const counts = { b2b: 0, b2ba: 0, b2bdn: 0, b2bdna: 0, b2bcn: 0, b2bcna: 0, ecom: 0, ecoma: 0 };
  if (count >= 16) {
    let others = 0;
    for (const s of SECTIONS) {
      if (s === 'b2b') continue;
      counts[s] = Math.max(1, Math.round((count * SHARE_PERMILLE[s]) / 1000));
      others += counts[s];
    }
    counts.b2b = count - others;
    return counts;
  }
  // Largest remainder for tiny files.
  let given = 0;
  const rest: { s: Section; frac: number }[] = [];
  for (const s of SECTIONS) {
    const exact = (count * SHARE_PERMILLE[s]) / 1000;
    counts[s] = Math.floor(exact);
    given += counts[s];
    rest.push({ s, frac: exact - counts[s] });
  }
  rest.sort((a, b) => b.frac - a.frac);
  for (let i = 0; given < count; i++, given++) {
    const r = rest[i % rest.length];
    if (r) counts[r.s]++;
  }
  return counts;
}
