import type { Action } from '../core/index.js';
import { actionToCode } from '../core/index.js';
import type { ExportItem } from './workspace-store.js';

// The records of an upload as stored in `exports.items`. Version 2 keeps the keys as one array
// and each record's action and previous status as one letter of two strings: a 90,000-record
// upload is 90,000 strings to write and read back, not 90,000 three-element arrays (a third of
// the time of logging an export). Version 1, written before, is an array of
// [key, action, prevStatus] and is still read.

interface PackedV2 {
  v: 2;
  keys: string[];
  actions: string;
  prev: string;
}

export function packExportItems(items: readonly ExportItem[]): string {
  const keys = new Array<string>(items.length);
  const actions = new Array<string>(items.length);
  const prev = new Array<string>(items.length);
  for (let i = 0; i < items.length; i++) {
    const it = items[i] as ExportItem;
    keys[i] = it.recordKey;
    actions[i] = actionToCode(it.action);
    prev[i] = actionToCode(it.prevStatus);
  }
  const packed: PackedV2 = { v: 2, keys, actions: actions.join(''), prev: prev.join('') };
  return JSON.stringify(packed);
}

export function unpackExportItems(text: string): ExportItem[] {
  const data = JSON.parse(text) as [string, Action, Action][] | PackedV2;
  if (Array.isArray(data))
    return data.map(([recordKey, action, prevStatus]) => ({ recordKey, action, prevStatus }));
  if (data.v !== 2)
    throw new Error(`export log: stored items have unknown version ${String(data.v)}`);
  return data.keys.map((recordKey, i) => ({
    recordKey,
    action: fromCode(data.actions, i),
    prevStatus: fromCode(data.prev, i),
  }));
}

const FROM_CODE: Readonly<Record<string, Action>> = {
  A: 'accept',
  R: 'reject',
  P: 'pending',
  N: 'noAction',
};

function fromCode(codes: string, i: number): Action {
  const a = FROM_CODE[codes.charAt(i)];
  if (a === undefined) throw new Error(`export log: stored item ${i} has no action code`);
  return a;
}
