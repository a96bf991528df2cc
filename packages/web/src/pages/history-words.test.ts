import { describe, expect, it } from 'vitest';
import type { AuditActionDto } from '../../../gst-ims/src/server/undo-api-types.js';
import { approvalWords, historyLines } from './history-words.js';

const action = (id: number, at: string): AuditActionDto => ({
  id,
  at,
  user: 'asha',
  source: 'web',
  sourceWords: 'the web app',
  decisions: [{ toAction: 'accept', remark: null, itcReduction: null, records: 1 }],
  records: 1,
  undoable: true,
  undoes: null,
  undoneBy: null,
});

describe('the History page lines', () => {
  it('puts approvals among the actions by time, newest first, an approval above an action of its minute', () => {
    const actions = [action(3, '2026-12-07T10:05:00Z'), action(2, '2026-12-07T10:02:00Z')];
    const approvals = [
      { by: 'meera', at: '2026-12-07T10:09:00Z', records: 2 },
      { by: 'meera', at: '2026-12-07T10:05:00Z', records: 1 },
      { by: 'ravi', at: '2026-12-07T10:01:00Z', records: 4 },
    ];
    const lines = historyLines(actions, approvals).map((l) =>
      l.kind === 'action' ? `action ${l.action.id}` : `approval ${l.approval.at.slice(11, 16)}`,
    );
    expect(lines).toEqual([
      'approval 10:09',
      'approval 10:05',
      'action 3',
      'action 2',
      'approval 10:01',
    ]);
    expect(historyLines([], [])).toEqual([]);
  });

  it('says who approved, when, and how many records', () => {
    const words = approvalWords({ by: 'meera', at: '2026-12-07T10:09:00Z', records: 1200 });
    expect(words).toMatch(/^approved by meera at \d\d-12-2026 \d\d:\d\d, 1,200 records$/);
    expect(approvalWords({ by: 'ravi', at: '2026-12-07T10:09:00Z', records: 1 })).toMatch(
      /, 1 record$/,
    );
  });
});
