// Which sheet and header row of a register file to read, and with which preset.
import type { ColumnMapping, MappingInput, PresetName, RegisterField } from './register-headers.js';
import {
  PRESETS,
  findHeaderRow,
  mapHeaderRow,
  parseFieldName,
  presetFit,
} from './register-headers.js';
import type { Sheet } from './register-source.js';

export function toFieldMap(
  map: Readonly<Record<string, string>>,
  lenient = false,
): Map<string, RegisterField | null> {
  const out = new Map<string, RegisterField | null>();
  for (const [header, field] of Object.entries(map)) {
    try {
      out.set(header, parseFieldName(field));
    } catch (e) {
      if (!lenient) throw e;
    }
  }
  return out;
}

export interface Picked {
  readonly sheet: Sheet;
  readonly index: number;
  readonly mapping: ColumnMapping;
  readonly preset: PresetName;
}

/** The sheet and header row that read best; the preset given, or the one whose words fit best. */
export function pickSheet(
  sheets: readonly Sheet[],
  preset: PresetName | undefined,
  overrides: MappingInput['overrides'],
  saved: MappingInput['saved'],
): Picked | null {
  let best: Picked | null = null;
  for (const sheet of sheets) {
    const generic = findHeaderRow(sheet.grid, { preset: preset ?? 'generic', overrides, saved });
    if (!generic) continue;
    let choice: Picked = {
      sheet,
      index: generic.index,
      mapping: generic.mapping,
      preset: preset ?? 'generic',
    };
    if (preset === undefined) {
      const row = sheet.grid[generic.index] ?? [];
      const fits = PRESETS.filter((p) => p !== 'generic').map((p) => ({ p, n: presetFit(row, p) }));
      fits.sort((a, b) => b.n - a.n);
      const top = fits[0];
      const second = fits[1];
      if (top && top.n >= 3 && (!second || top.n > second.n)) {
        const m = mapHeaderRow(
          row,
          { preset: top.p, overrides, saved },
          generic.index > 0 ? (sheet.grid[generic.index - 1] ?? []) : [],
        );
        const own = mapHeaderRow(row, { preset: top.p, overrides, saved });
        choice = {
          sheet,
          index: generic.index,
          mapping: m.score > own.score ? m : own,
          preset: top.p,
        };
      }
    }
    if (best === null || choice.mapping.score > best.mapping.score) best = choice;
  }
  return best;
}
