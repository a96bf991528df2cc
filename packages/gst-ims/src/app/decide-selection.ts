// `gst-ims act`: one decision on the records a selector names (sections, suppliers, numbers,
// dates, values, keys, or --all), in bounded memory at a million records (issue 18, decision
// 0049). decide() loads every record of the GSTIN and plans them in one piece (1.3 GB at a
// million); this takes decideFiltered's two phases instead (decideBatched): the candidate keys
// from SQL, the records read and planned a batch at a time, the changes written in one
// transaction under one audit time. The rules, refusals, declarations and audit entries are
// decide()'s (planDecisions, writeDecisions); what a person is told is the same, every change,
// refusal and warning listed, plus the records someone else decided while this one was being
// checked (skipped, STALE_RECORD): selected = changes + unchanged + refused + skipped.
import type { Action, RecordFilter, RecordSelector, Section } from '../core/index.js';
import { compileSelector, selectorIsEmpty } from '../core/index.js';
import type { AppContext } from './context.js';
import type { DecideOptions, Refusal } from './decide.js';
import type { DecideFilteredProgress, ImportNotice, SkippedRecord } from './decide-filtered.js';
import { decideBatched } from './decide-filtered.js';
import type { DecideResult } from './decide.js';

export interface DecideSelectionOptions extends Omit<DecideOptions, 'seenVersions'> {
  /** Records per read and per write (default 5,000). */
  readonly batchSize?: number | undefined;
  readonly onProgress?: DecideFilteredProgress | undefined;
}

export interface DecideSelectionResult {
  readonly selected: number;
  /** Every change (written, or that would be: see `applied`), as actions. */
  readonly changes: readonly { key: string; from: Action; to: Action }[];
  readonly unchanged: number;
  readonly refused: readonly Refusal[];
  /** Decided by someone else while this decision was being checked: their decision stands. */
  readonly skipped: readonly SkippedRecord[];
  readonly warnings: DecideResult['warnings'];
  readonly declarations: DecideResult['declarations'];
  /** False on a dry run, and when refusals stopped the whole selection. */
  readonly applied: boolean;
  /** An import committed while the records were being checked: they were checked again after it. */
  readonly recheckedAfter: ImportNotice | null;
}

/** The records the selector names, decided a batch at a time (see the top of this file). */
export async function decideSelection(
  ctx: AppContext,
  opts: DecideSelectionOptions,
): Promise<DecideSelectionResult> {
  const { selector } = opts;
  const byKeys = keysOnly(selector);
  const r = await decideBatched(ctx, {
    gstin: opts.gstin,
    verb: opts.verb,
    remark: opts.remark,
    itcReduction: opts.itcReduction,
    source: opts.source,
    dryRun: opts.dryRun,
    skipRefused: opts.skipRefused,
    batchSize: opts.batchSize,
    onProgress: opts.onProgress,
    listed: Number.POSITIVE_INFINITY,
    candidates: async (store) =>
      byKeys
        ? [...new Set(selector.keys)]
        : store.recordKeysMatching(opts.gstin, candidateFilter(selector)),
    where: byKeys ? undefined : compileSelector(selector),
  });
  return {
    selected: r.matched,
    changes: r.changes as DecideSelectionResult['changes'],
    unchanged: r.unchanged,
    refused: r.refusals,
    skipped: r.skippedRecords,
    warnings: [...r.warnings],
    declarations: r.declarations,
    applied: r.written,
    recheckedAfter: r.recheckedAfter,
  };
}

/** A selection by keys alone (a keys file) reads only those keys. */
function keysOnly(s: RecordSelector): s is RecordSelector & { keys: string[] } {
  const { keys, ...rest } = s;
  return keys !== undefined && keys.length > 0 && selectorIsEmpty(rest);
}

/** The SQL side of the selection: the one section it names, if so; the rest is compileSelector's. */
function candidateFilter(s: RecordSelector): RecordFilter {
  const one: Section | null = s.sections?.length === 1 ? (s.sections[0] ?? null) : null;
  return { view: 'all', supplier: null, section: one, terms: [] };
}
