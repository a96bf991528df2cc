// @vitest-environment jsdom
// "Decide all N matching" in paged mode: the question's answer, the job request the page's
// filter makes (over a fake fetch of the job API), the toast and the refresh when it wrote.
import {
  act,
  cleanup,
  fireEvent,
  render,
  renderHook,
  screen,
  within,
} from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { JobPayload } from '../../decide-job.js';
import { BulkDecideDialog } from './BulkDecideDialog.js';
import { readBulkPreview } from './bulk-preview.js';
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
    recheckedAfter: null,
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
    phaseDone: 0,
    phaseTotal: 0,
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

/**
 * A fake job API: each POST /api/decide-filtered is a job whose result `answer` makes from the
 * body; GET /api/jobs/:id answers it done; a cancel is noted.
 */
function fakeJobs(answer: (body: Record<string, unknown>) => Result) {
  const bodies: Record<string, unknown>[] = [];
  const cancels: string[] = [];
  vi.stubGlobal(
    'fetch',
    vi.fn((url: string, init?: RequestInit) => {
      if (url.startsWith('/api/decide-filtered')) {
        bodies.push(JSON.parse(init?.body as string) as Record<string, unknown>);
        const id = `j${bodies.length}`;
        return Promise.resolve(new Response(JSON.stringify({ jobId: id }), { status: 202 }));
      }
      const cancel = /^\/api\/jobs\/(j\d+)\/cancel/.exec(url);
      if (cancel) {
        cancels.push(cancel[1]!);
        return Promise.resolve(new Response('{}', { status: 202 }));
      }
      const get = /^\/api\/jobs\/j(\d+)$/.exec(url);
      if (get) {
        const body = bodies[Number(get[1]) - 1]!;
        const r = answer(body);
        const j = job({ id: `j${get[1]}`, done: r.matched, total: r.matched, result: r });
        return Promise.resolve(new Response(JSON.stringify(j), { status: 200 }));
      }
      return Promise.resolve(new Response('{"error":"no","kind":"not-found"}', { status: 404 }));
    }),
  );
  return { bodies, cancels };
}

const BASE = {
  gstin: 'G',
  filter: { view: 'noAction', supplier: null, section: null, terms: ['/'] },
  seenUpTo: 9,
} as const;

const refusal = (code: string, i: number) => ({
  recordKey: `k${i}`,
  code,
  message: `k${i}: refused`,
  field: null,
});

describe('BulkDecideDialog', () => {
  afterEach(() => {
    cleanup();
    vi.unstubAllGlobals();
  });

  it('counts first: the dry run of the same job says what it would change, leave and refuse', async () => {
    const api = fakeJobs(() =>
      result({
        matched: 10,
        applied: 7,
        unchanged: 1,
        refused: 2,
        refusals: [refusal('IMSSAV0010', 1), refusal('IMSSAV0010', 2)],
        written: false,
      }),
    );
    const onConfirm = vi.fn();
    render(
      <BulkDecideDialog
        verb="reject"
        matching={10}
        scope="selected in the view Not decided"
        base={{ ...BASE, verb: 'reject' }}
        onCancel={vi.fn()}
        onConfirm={onConfirm}
        pollMs={1}
        pauseMs={1}
      />,
    );
    screen.getByRole('heading', { name: 'Reject: all 10 matching records' });
    screen.getByText(/Every record matching in the view Not decided: 10/);
    // Nothing can start before the count.
    screen.getByTestId('bulk-counting');
    expect(screen.getByTestId<HTMLButtonElement>('confirm-bulk-decision').disabled).toBe(true);
    const summary = await screen.findByTestId('bulk-preview-summary');
    expect(
      within(summary)
        .getAllByRole('listitem')
        .map((li) => li.textContent),
    ).toEqual([
      '7 will change to Rejected',
      '1 already so (no change)',
      '2 refused by the portal’s rules: IMSSAV0010 (2)',
    ]);
    expect(api.bodies[0]).toEqual({
      ...BASE,
      verb: 'reject',
      remark: null,
      itcReduction: null,
      dryRun: true,
    });
    // The remark typed is counted again (the dry run asks with it), then sent with the job.
    fireEvent.change(screen.getByRole('textbox'), { target: { value: 'Not received' } });
    await vi.waitFor(() => expect(api.bodies).toHaveLength(2));
    expect(api.bodies[1]).toMatchObject({ remark: 'Not received', dryRun: true });
    const go = await screen.findByRole('button', {
      name: 'Reject the 7 allowed; leave 2 unchanged',
    });
    fireEvent.click(go);
    expect(onConfirm).toHaveBeenCalledWith({
      remark: 'Not received',
      skipRefused: true,
      itcReduction: null,
    });
  });

  it('an Accept asks the ITC-reduction question; no reduction needs a remark before it can start', async () => {
    const api = fakeJobs((b) => {
      const none = (b['itcReduction'] as { kind?: string } | null)?.kind === 'none';
      const remarkMissing = none && (b['remark'] ?? null) === null;
      return result({
        matched: 5,
        applied: remarkMissing ? 2 : 5,
        unchanged: 0,
        refused: remarkMissing ? 3 : 0,
        refusals: remarkMissing ? [0, 1, 2].map((i) => refusal('REMARK_REQUIRED', i)) : [],
        declarations: {
          none: 0,
          given: none ? 3 : 0,
          defaulted: none ? 0 : 3,
          kept: 0,
          notApplicable: 2,
        },
        written: false,
      });
    });
    const onConfirm = vi.fn();
    render(
      <BulkDecideDialog
        verb="accept"
        matching={5}
        scope="selected"
        base={{ ...BASE, verb: 'accept' }}
        onCancel={vi.fn()}
        onConfirm={onConfirm}
        pollMs={1}
        pauseMs={1}
      />,
    );
    const fieldset = screen.getByTestId('itc-reduction');
    await within(fieldset).findByText(/Applies to/);
    expect(screen.getByTestId('declaration-scope').textContent).toBe(
      'Applies to 3 of the 5 selected records: credit notes and amendments; the others take none.',
    );
    expect(screen.queryByRole('textbox')).toBeNull();
    fireEvent.click(within(fieldset).getByRole('radio', { name: /No reduction/ }));
    await vi.waitFor(() =>
      expect(api.bodies.at(-1)).toMatchObject({ itcReduction: { kind: 'none' }, remark: null }),
    );
    // The engine asks for the remark: nothing can start until it is given.
    await vi.waitFor(() =>
      expect(screen.getByTestId('bulk-preview-summary').textContent).toContain(
        '3 refused by the portal’s rules: REMARK_REQUIRED (3)',
      ),
    );
    expect(screen.getByTestId<HTMLButtonElement>('confirm-bulk-decision').disabled).toBe(true);
    fireEvent.change(screen.getByRole('textbox'), { target: { value: 'ITC reversed in 3B' } });
    const go = await screen.findByRole('button', { name: 'Accept 5 records' });
    await vi.waitFor(() => expect((go as HTMLButtonElement).disabled).toBe(false));
    fireEvent.click(go);
    expect(onConfirm).toHaveBeenCalledWith({
      remark: 'ITC reversed in 3B',
      skipRefused: false,
      itcReduction: { kind: 'none' },
    });
    expect(api.bodies.every((b) => b['dryRun'] === true && b['verb'] === 'accept')).toBe(true);
  });

  it('hides the question when no matching record takes a declaration', async () => {
    fakeJobs(() => result({ matched: 4, applied: 4, unchanged: 0, refused: 0 }));
    render(
      <BulkDecideDialog
        verb="accept"
        matching={4}
        scope="selected"
        base={{ ...BASE, verb: 'accept' }}
        onCancel={vi.fn()}
        onConfirm={vi.fn()}
        pollMs={1}
        pauseMs={1}
      />,
    );
    await screen.findByTestId('bulk-preview-summary');
    expect(screen.queryByTestId('itc-reduction')).toBeNull();
    await screen.findByRole('button', { name: 'Accept 4 records' });
  });

  it('closing the question while it counts cancels the dry run on the server', async () => {
    let calls = 0;
    vi.stubGlobal(
      'fetch',
      vi.fn((url: string) => {
        calls++;
        if (url.startsWith('/api/decide-filtered'))
          return Promise.resolve(new Response('{"jobId":"j1"}', { status: 202 }));
        if (url === '/api/jobs/j1/cancel')
          return Promise.resolve(new Response('{}', { status: 202 }));
        const running = job({
          state: 'running',
          phase: 'checking',
          done: 1,
          total: 9,
          result: null,
        });
        return Promise.resolve(new Response(JSON.stringify(running), { status: 200 }));
      }),
    );
    const { unmount } = render(
      <BulkDecideDialog
        verb="pending"
        matching={9}
        scope="selected"
        base={{ ...BASE, verb: 'pending' }}
        onCancel={vi.fn()}
        onConfirm={vi.fn()}
        pollMs={1}
        pauseMs={1}
      />,
    );
    await vi.waitFor(() => expect(calls).toBeGreaterThan(2));
    unmount();
    const f = vi.mocked(fetch);
    await vi.waitFor(() =>
      expect(f.mock.calls.some((c) => c[0] === '/api/jobs/j1/cancel')).toBe(true),
    );
  });
});

describe('readBulkPreview', () => {
  it('allows all, the allowed only, or nothing while a remark is missing', () => {
    expect(readBulkPreview(result({ refused: 0, skipped: 0, applied: 3 })).canApplyAll).toBe(true);
    const some = readBulkPreview(result({ refusals: [refusal('X', 1)], refused: 1, applied: 3 }));
    expect([some.canApplyAll, some.canApplyAllowed]).toEqual([false, true]);
    const remark = readBulkPreview(
      result({ refusals: [refusal('REMARK_REQUIRED', 1)], refused: 1, applied: 3 }),
    );
    expect([remark.canApplyAll, remark.canApplyAllowed, remark.remarkMissing]).toEqual([
      false,
      false,
      true,
    ]);
    expect(readBulkPreview(result({ applied: 0, refused: 0, skipped: 0 })).canApplyAll).toBe(false);
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
    act(() => hook.current.confirm({ remark: null, skipRefused: true, itcReduction: null }));
    expect(hook.current.asking).toBeNull();
    expect(hook.current.title).toBe('Accept: all 10 matching records');
    await vi.waitFor(() => expect(onWritten).toHaveBeenCalledTimes(1));
    expect(bodies).toEqual([
      {
        gstin: 'G',
        filter: { view: 'noAction', supplier: null, section: 'b2b', terms: ['INV'] },
        verb: 'accept',
        remark: null,
        itcReduction: null,
        skipRefused: true,
      },
    ]);
    expect(toast).toHaveBeenCalledWith('ok', 'Accepted: 7 records; 2 left as they were.', undo);
    await vi.waitFor(() => expect(hook.current.job.running).toBe(false));
    act(() => hook.current.closeJob());
    expect(hook.current.title).toBeNull();
  });
});
