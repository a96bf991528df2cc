// @vitest-environment jsdom
// "Decide all N matching" in paged mode: the question's answer, the job request the page's
// filter makes (over a fake fetch of the job API), the toast and the refresh when it wrote.
import { act, cleanup, fireEvent, render, renderHook, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { JobPayload } from '../../decide-job.js';
import { BulkDecideDialog } from './BulkDecideDialog.js';
import type { PagedFilter } from './records-paged.js';
import { jobDoneText, useBulkDecision } from './use-bulk-decision.js';

type Result = NonNullable<JobPayload['result']>;

function result(over: Partial<Result> = {}): Result {
  return {
    matched: 10,
    applied: 7,
    unchanged: 1,
    refused: 2,
    skipped: 0,
    refusals: [],
    skippedRecords: [],
    changes: [],
    warnings: [],
    declarations: { none: 0, given: 0, defaulted: 0, kept: 0, notApplicable: 7 },
    written: true,
    auditPoint: 42,
    ...over,
  };
}

function job(over: Partial<JobPayload> = {}): JobPayload {
  return {
    id: 'j1',
    kind: 'decideFiltered',
    gstin: 'G',
    user: 'asha',
    state: 'done',
    phase: null,
    done: 10,
    total: 10,
    startedAt: '2026-12-07T10:00:00Z',
    finishedAt: '2026-12-07T10:00:01Z',
    result: result(),
    error: null,
    version: 5,
    ...over,
  };
}

describe('jobDoneText', () => {
  it('says what a written job changed and what it left', () => {
    expect(jobDoneText('accept', job())).toBe('Accepted: 7 records; 2 left as they were.');
    expect(jobDoneText('reject', job({ result: result({ applied: 1, refused: 0 }) }))).toBe(
      'Rejected: 1 record.',
    );
    expect(jobDoneText('accept', job({ result: result({ applied: 0, refused: 0 }) }))).toBe(
      'Nothing changed: every record was already so.',
    );
  });
  it('says nothing of a job that wrote nothing (cancelled, failed, stopped by refusals)', () => {
    expect(jobDoneText('accept', job({ state: 'cancelled', result: null }))).toBeNull();
    expect(jobDoneText('accept', job({ state: 'failed', result: null }))).toBeNull();
    expect(jobDoneText('accept', job({ result: result({ written: false }) }))).toBeNull();
  });
});

describe('BulkDecideDialog', () => {
  afterEach(cleanup);
  it('asks with the count and scope; sends the remark and the refused choice', () => {
    const onConfirm = vi.fn();
    render(
      <BulkDecideDialog
        verb="reject"
        matching={500_000}
        scope="selected in the view Not decided"
        onCancel={vi.fn()}
        onConfirm={onConfirm}
      />,
    );
    screen.getByRole('heading', { name: 'Reject: all 5,00,000 matching records' });
    screen.getByText(/Every record matching in the view Not decided: 5,00,000/);
    fireEvent.change(screen.getByRole('textbox'), { target: { value: 'Not received' } });
    fireEvent.click(screen.getByRole('checkbox'));
    fireEvent.click(screen.getByTestId('confirm-bulk-decision'));
    expect(onConfirm).toHaveBeenCalledWith({ remark: 'Not received', skipRefused: false });
  });
  it('an Accept asks no remark and says the default declaration', () => {
    const onConfirm = vi.fn();
    render(
      <BulkDecideDialog
        verb="accept"
        matching={3}
        scope="selected"
        onCancel={vi.fn()}
        onConfirm={onConfirm}
      />,
    );
    expect(screen.queryByRole('textbox')).toBeNull();
    screen.getByText(/default ITC-reduction declaration/);
    fireEvent.click(screen.getByTestId('confirm-bulk-decision'));
    expect(onConfirm).toHaveBeenCalledWith({ remark: null, skipRefused: true });
  });
});

describe('useBulkDecision over a fake job API', () => {
  afterEach(() => vi.unstubAllGlobals());

  it("starts the job with the page's filter, follows it, toasts and refreshes once it wrote", async () => {
    const bodies: unknown[] = [];
    vi.stubGlobal(
      'fetch',
      vi.fn((url: string, init?: RequestInit) => {
        if (url.startsWith('/api/decide-filtered')) {
          bodies.push(JSON.parse(init?.body as string));
          return Promise.resolve(new Response(JSON.stringify({ jobId: 'j1' }), { status: 202 }));
        }
        if (url.startsWith('/api/jobs/j1'))
          return Promise.resolve(new Response(JSON.stringify(job()), { status: 200 }));
        return Promise.resolve(new Response('{"error":"no","kind":"not-found"}', { status: 404 }));
      }),
    );
    const filter: PagedFilter = {
      view: 'noAction',
      supplier: '',
      section: 'b2b',
      terms: ['INV'],
    };
    const toast = vi.fn();
    const onWritten = vi.fn();
    const undo = { label: 'Undo', run: vi.fn() };
    const { result: hook } = renderHook(() =>
      useBulkDecision({
        gstin: 'G',
        version: 1,
        filter: () => filter,
        matching: 10,
        toast,
        undoToast: () => undo,
        onWritten,
      }),
    );
    act(() => hook.current.ask('accept'));
    expect(hook.current.asking).toBe('accept');
    act(() => hook.current.confirm({ remark: null, skipRefused: true }));
    expect(hook.current.asking).toBeNull();
    expect(hook.current.title).toBe('Accept: all 10 matching records');
    await vi.waitFor(() => expect(onWritten).toHaveBeenCalledTimes(1));
    expect(bodies).toEqual([
      {
        gstin: 'G',
        filter: { view: 'noAction', supplier: null, section: 'b2b', terms: ['INV'] },
        verb: 'accept',
        remark: null,
        skipRefused: true,
      },
    ]);
    expect(toast).toHaveBeenCalledWith('ok', 'Accepted: 7 records; 2 left as they were.', undo);
    await vi.waitFor(() => expect(hook.current.job.running).toBe(false));
    act(() => hook.current.closeJob());
    expect(hook.current.title).toBeNull();
  });
});
