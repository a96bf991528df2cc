// @vitest-environment jsdom
// The progress of a bulk decision as a person sees it: done of total with a bar and Cancel while
// the server works, what it did at the end (counts that add up), and a cancel that says nothing
// was changed; and runFilteredDecision's polling and cancelling against a fake server.
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { JobPayload } from '../../../gst-ims/src/server/job-api-types.js';
import type * as Api from '../api.js';

type ApiModule = typeof Api;
const getJson = vi.fn<(path: string) => Promise<unknown>>();
const postJson = vi.fn<(path: string, body: unknown) => Promise<unknown>>();
vi.mock('../api.js', async (actual) => ({
  ...(await actual<ApiModule>()),
  getJson: (path: string) => getJson(path),
  postJson: (path: string, body: unknown) => postJson(path, body),
}));
const { JobProgress, percentDone, phaseCount } = await import('./JobProgress.js');
const { runFilteredDecision, useFilteredDecision } = await import('../decide-job.js');

const FILTER = { view: 'noAction', supplier: null, section: null, terms: [] } as const;

function job(over: Partial<JobPayload> = {}): JobPayload {
  return {
    id: 'j1',
    kind: 'decideFiltered',
    gstin: '27AABCU9603R1ZN',
    user: 'asha',
    state: 'running',
    phase: 'checking',
    done: 0,
    total: 0,
    phaseDone: 0,
    phaseTotal: 0,
    startedAt: '2026-12-07T10:00:00.000Z',
    finishedAt: null,
    result: null,
    error: null,
    version: null,
    ...over,
  };
}

const result = (over: Partial<NonNullable<JobPayload['result']>> = {}) => ({
  matched: 500_000,
  applied: 499_990,
  unchanged: 3,
  refused: 2,
  skipped: 5,
  refusals: [
    {
      recordKey: 'k1',
      code: 'PENDING_NOT_ALLOWED',
      message: 'k1: Pending is not allowed.',
      field: 'action',
    },
  ],
  skippedRecords: [
    {
      recordKey: 'k2',
      code: 'STALE_RECORD' as const,
      message: 'k2: decided by arjun',
      by: 'arjun',
      at: 'x',
    },
  ],
  changes: [],
  warnings: [],
  declarations: { none: 0, given: 0, defaulted: 0, kept: 0, notApplicable: 500_000 },
  written: true,
  auditPoint: 7,
  recheckedAfter: null,
  ...over,
});

beforeEach(() => {
  getJson.mockReset();
  postJson.mockReset();
});
afterEach(cleanup);

describe('JobProgress', () => {
  it('shows done of total with a bar and Cancel while running; Esc cancels', () => {
    const onCancel = vi.fn();
    const onClose = vi.fn();
    render(
      <JobProgress
        job={job({
          phase: 'writing',
          done: 250_000,
          total: 1_000_000,
          phaseDone: 5_000,
          phaseTotal: 9_00_000,
        })}
        title="Accept 5,00,000 records"
        onCancel={onCancel}
        onClose={onClose}
      />,
    );
    const dialog = screen.getByRole('dialog');
    expect(within(dialog).getByRole('heading').textContent).toBe('Accept 5,00,000 records');
    const bar = within(dialog).getByRole<HTMLProgressElement>('progressbar');
    expect(bar.value).toBe(250_000);
    expect(bar.max).toBe(1_000_000);
    // Records, each counted once (not the units of both phases); the phase's own count beside.
    expect(screen.getByTestId('job-count').textContent).toBe('25% · 2,50,000 of 10,00,000 records');
    expect(screen.getByTestId('job-phase').textContent).toBe(
      'Saving the decisions: saved 5,000 of 9,00,000 decisions',
    );
    fireEvent.click(screen.getByTestId('cancel-job'));
    expect(onCancel).toHaveBeenCalledTimes(1);
    fireEvent.keyDown(dialog, { key: 'Escape' });
    expect(onCancel).toHaveBeenCalledTimes(2);
    expect(onClose).not.toHaveBeenCalled();
  });

  it('says what a finished job did, and lists the records left as they are with their codes', () => {
    const onClose = vi.fn();
    render(
      <JobProgress
        job={job({ state: 'done', done: 10, total: 10, result: result() })}
        title="Accept"
        onCancel={vi.fn()}
        onClose={onClose}
      />,
    );
    const items = within(screen.getByTestId('job-summary')).getAllByRole('listitem');
    expect(items.map((li) => li.textContent)).toEqual([
      '5,00,000 records matched',
      '4,99,990 changed',
      '3 already so',
      '2 refused by the portal’s rules',
      '5 left as another person decided them meanwhile',
    ]);
    expect(screen.getByTestId('job-left').textContent).toContain('STALE_RECORD');
    expect(screen.getByTestId('job-left').textContent).toContain('PENDING_NOT_ALLOWED');
    expect(screen.queryByTestId('cancel-job')).toBeNull();
    fireEvent.click(screen.getByTestId('close-job'));
    expect(onClose).toHaveBeenCalledTimes(1);
  });

  it('says when an import came while the records were checked, and only then', () => {
    const message =
      'meera imported the IMS download ims-nov.json at 2026-11-05T10:00:00.000Z while this decision was being checked: every selected record was checked again against it before anything was written (records it added are not part of this decision).';
    const { unmount } = render(
      <JobProgress
        job={job({ state: 'done', done: 10, total: 10, result: result() })}
        title="Accept"
        onCancel={vi.fn()}
        onClose={vi.fn()}
      />,
    );
    expect(screen.queryByTestId('job-rechecked')).toBeNull();
    unmount();
    render(
      <JobProgress
        job={job({
          state: 'done',
          done: 10,
          total: 10,
          result: result({
            recheckedAfter: {
              kind: 'ims',
              file: 'ims-nov.json',
              at: '2026-11-05T10:00:00.000Z',
              user: 'meera',
              message,
            },
          }),
        })}
        title="Accept"
        onCancel={vi.fn()}
        onClose={vi.fn()}
      />,
    );
    expect(screen.getByTestId('job-rechecked').textContent).toBe(message);
  });

  it('says nothing was changed when refusals stopped the job, when cancelled, and when it failed', () => {
    const { rerender } = render(
      <JobProgress
        job={job({ state: 'done', result: result({ written: false }) })}
        title="Pending"
        onCancel={vi.fn()}
        onClose={vi.fn()}
      />,
    );
    expect(screen.getByTestId('job-not-written').textContent).toMatch(/break the portal’s rules/);
    expect(screen.getByTestId('job-summary').textContent).toContain('4,99,990 would change');
    rerender(
      <JobProgress
        job={job({ state: 'cancelled' })}
        title="Pending"
        onCancel={vi.fn()}
        onClose={vi.fn()}
      />,
    );
    expect(screen.getByTestId('job-cancelled').textContent).toMatch(/nothing was changed/);
    rerender(
      <JobProgress
        job={job({ state: 'failed', error: 'the workspace is busy' })}
        title="Pending"
        onCancel={vi.fn()}
        onClose={vi.fn()}
      />,
    );
    expect(screen.getByRole('alert').textContent).toBe(
      'Nothing was changed: the workspace is busy',
    );
  });

  it('says the phase in words with its own count, or nothing before the server has one', () => {
    expect(phaseCount({ phase: 'checking', phaseDone: 60_000, phaseTotal: 118_000 })).toBe(
      'checked 60,000 of 1,18,000 records',
    );
    expect(phaseCount({ phase: 'writing', phaseDone: 1, phaseTotal: 1 })).toBe(
      'saved 1 of 1 decision',
    );
    expect(phaseCount({ phase: null, phaseDone: 0, phaseTotal: 0 })).toBeNull();
    expect(phaseCount({ phase: 'checking', phaseDone: 0, phaseTotal: 0 })).toBeNull();
  });

  it('never shows 100% before the end', () => {
    expect(percentDone({ state: 'running', done: 999_999, total: 1_000_000 })).toBe(99);
    expect(percentDone({ state: 'running', done: 0, total: 0 })).toBe(0);
    expect(percentDone({ state: 'done', done: 0, total: 0 })).toBe(100);
  });
});

describe('runFilteredDecision and useFilteredDecision', () => {
  it('starts the job, polls it to its end, and gives each answer on the way', async () => {
    postJson.mockResolvedValueOnce({ jobId: 'j1' });
    getJson
      .mockResolvedValueOnce(job({ done: 1, total: 4 }))
      .mockResolvedValueOnce(job({ phase: 'writing', done: 3, total: 4 }))
      .mockResolvedValueOnce(
        job({ state: 'done', done: 4, total: 4, result: result(), version: 12 }),
      );
    const seen: number[] = [];
    const end = await runFilteredDecision(
      { gstin: '27AABCU9603R1ZN', filter: FILTER, verb: 'accept', skipRefused: true },
      { pollMs: 1, onProgress: (j) => seen.push(j.done) },
    );
    expect(postJson).toHaveBeenCalledWith('/api/decide-filtered', {
      gstin: '27AABCU9603R1ZN',
      filter: FILTER,
      verb: 'accept',
      skipRefused: true,
    });
    expect(getJson.mock.calls.map((c) => c[0])).toEqual([
      '/api/jobs/j1',
      '/api/jobs/j1',
      '/api/jobs/j1',
    ]);
    expect(seen).toEqual([1, 3, 4]);
    expect(end.state).toBe('done');
  });

  it('Cancel in the dialog asks the server to stop and shows the job cancelled', async () => {
    let cancelled = false;
    postJson.mockImplementation((path) => {
      if (path === '/api/decide-filtered') return Promise.resolve({ jobId: 'j9' });
      if (path === '/api/jobs/j9/cancel') {
        cancelled = true;
        return Promise.resolve(job({ id: 'j9' }));
      }
      return Promise.reject(new Error(`unexpected ${path}`));
    });
    getJson.mockImplementation(() =>
      Promise.resolve(
        cancelled ? job({ id: 'j9', state: 'cancelled' }) : job({ id: 'j9', done: 2, total: 10 }),
      ),
    );
    const onFinished = vi.fn();
    function Page() {
      const j = useFilteredDecision(onFinished, 1);
      return (
        <>
          <button
            onClick={() =>
              j.start({
                gstin: '27AABCU9603R1ZN',
                filter: FILTER,
                verb: 'reject',
                remark: 'not ours',
              })
            }
          >
            Reject all
          </button>
          {(j.running || j.job !== null) && (
            <JobProgress
              job={j.job}
              error={j.error}
              title="Reject"
              onCancel={j.cancel}
              onClose={j.close}
            />
          )}
        </>
      );
    }
    render(<Page />);
    fireEvent.click(screen.getByText('Reject all'));
    await waitFor(() =>
      expect(screen.getByTestId('job-count').textContent).toBe('20% · 2 of 10 records'),
    );
    fireEvent.click(screen.getByTestId('cancel-job'));
    await waitFor(() => expect(screen.getByTestId('job-cancelled')).toBeTruthy());
    expect(postJson.mock.calls.map((c) => c[0])).toEqual([
      '/api/decide-filtered',
      '/api/jobs/j9/cancel',
    ]);
    expect(onFinished).toHaveBeenCalledWith(expect.objectContaining({ state: 'cancelled' }));
    fireEvent.click(screen.getByTestId('close-job'));
    expect(screen.queryByTestId('job-progress')).toBeNull();
  });
});
