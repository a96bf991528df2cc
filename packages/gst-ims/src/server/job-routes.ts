// Long work as server jobs (issue 18, decision 0044): a decision on every record a Records filter
// matches is started, answered at once with a job id (202), followed by polling its progress and
// cancellable; a cancelled job leaves the workspace as it was (decideFiltered). One job per GSTIN
// at a time: a second is refused (409) naming the running one. Types: job-api-types.ts.
import { randomUUID } from 'node:crypto';
import type { Hono } from 'hono';
import { z } from 'zod';
import type { AppContext } from '../app/context.js';
import type { DecideFilteredPhase, DecideFilteredResult } from '../app/decide-filtered.js';
import { JobCancelledError, decideFiltered, latestAuditPoint } from '../app/decide-filtered.js';
import type { ItcReduction, RecordFilter } from '../core/index.js';
import {
  BadInputError,
  DECISION_VERBS,
  RECORD_VIEWS,
  SECTIONS,
  normaliseGstin,
  upperAscii,
} from '../core/index.js';
import type { ApiError } from './api-types.js';
import { ItcReductionBody, toItcReduction } from './itc-reduction-body.js';
import { NotFoundError, toApiError } from './errors.js';
import type {
  AuditPointPayload,
  DecideFilteredPayload,
  JobPayload,
  JobStartedPayload,
} from './job-api-types.js';
import { assertGstinAccess } from './multi-user.js';

const Body = z.object({
  gstin: z.string().optional(),
  filter: z.object({
    view: z.enum(RECORD_VIEWS),
    supplier: z.string().max(20).nullable(),
    section: z.enum(SECTIONS).nullable(),
    terms: z.array(z.string().max(200)).max(50),
  }),
  verb: z.enum(DECISION_VERBS),
  remark: z.string().max(2000).nullable().optional(),
  itcReduction: ItcReductionBody,
  dryRun: z.boolean().optional(),
  skipRefused: z.boolean().optional(),
  seenUpTo: z.number().int().min(0).optional(),
});

/** Finished jobs kept for their pages to read the result, newest last. */
const KEPT_FINISHED = 50;

interface Job {
  readonly id: string;
  readonly gstin: string;
  readonly user: string;
  readonly abort: AbortController;
  readonly startedAt: string;
  state: JobPayload['state'];
  phase: DecideFilteredPhase | null;
  done: number;
  total: number;
  phaseDone: number;
  phaseTotal: number;
  finishedAt: string | null;
  result: DecideFilteredResult | null;
  error: ApiError | null;
  version: number | null;
}

export interface JobRoutesContext {
  readonly ctx: AppContext;
  readonly gstinOf: (given: string | undefined) => Promise<string>;
  /** A multi-user server: a job says which point of the audit log the page saw (seenUpTo). */
  readonly multiUser: boolean;
  /**
   * Called when a job has written: the server's change version moves on, as after any write, and
   * the version it made is returned (the job says it, so its page knows the change as its own).
   */
  readonly onWritten?: (() => number) | undefined;
  readonly log?: ((line: string) => void) | undefined;
}

/** The jobs of one server: what runs, and what finished lately. */
export class JobBoard {
  readonly #jobs = new Map<string, Job>();

  running(gstin: string): Job | undefined {
    for (const j of this.#jobs.values()) if (j.gstin === gstin && j.state === 'running') return j;
    return undefined;
  }

  get(id: string): Job | undefined {
    return this.#jobs.get(id);
  }

  ofGstin(gstin: string): Job[] {
    const all = [...this.#jobs.values()].filter((j) => j.gstin === gstin);
    return [
      ...all.filter((j) => j.state === 'running'),
      ...all.filter((j) => j.state !== 'running').reverse(),
    ];
  }

  add(job: Job): void {
    this.#jobs.set(job.id, job);
    const finished = [...this.#jobs.values()].filter((j) => j.state !== 'running');
    for (const j of finished.slice(0, Math.max(0, finished.length - KEPT_FINISHED)))
      this.#jobs.delete(j.id);
  }

  /** Cancels every running job and waits for none: a closing server. */
  cancelAll(): void {
    for (const j of this.#jobs.values()) if (j.state === 'running') j.abort.abort();
  }
}

export function jobRoutes(app: Hono, rc: JobRoutesContext): JobBoard {
  const board = new JobBoard();

  app.post('/api/decide-filtered', async (c) => {
    const body = Body.parse(await c.req.json());
    const gstin = await rc.gstinOf(body.gstin);
    if (rc.multiUser && body.seenUpTo === undefined)
      throw new BadInputError(
        "seenUpTo: say which point of the audit log your page saw (GET /api/audit-point), so that nobody's later decision is overwritten",
        { field: 'seenUpTo' },
      );
    const itcReduction = toItcReduction(body.itcReduction ?? null);
    const busy = board.running(gstin);
    if (busy !== undefined)
      return c.json(
        {
          error: `a bulk decision started by ${busy.user} is still running on ${gstin} (${busy.done} of ${busy.total} done): wait for it, or cancel it`,
          kind: 'conflict',
          details: { jobId: busy.id },
        } satisfies ApiError,
        409,
      );
    // Fixed now, while the request's account is known: the job outlives the request.
    const ctx: AppContext = { store: rc.ctx.store, user: rc.ctx.user, now: rc.ctx.now };
    const job: Job = {
      id: randomUUID(),
      gstin,
      user: ctx.user,
      abort: new AbortController(),
      startedAt: ctx.now(),
      state: 'running',
      phase: null,
      done: 0,
      total: 0,
      phaseDone: 0,
      phaseTotal: 0,
      finishedAt: null,
      result: null,
      error: null,
      version: null,
    };
    board.add(job);
    void run(ctx, job, body, toFilter(body.filter), itcReduction, rc);
    const started: JobStartedPayload = { jobId: job.id };
    return c.json(started, 202);
  });

  app.get('/api/jobs/:id', (c) =>
    c.json(payloadOf(jobFor(board, c.req.param('id'))), 200, NO_STORE),
  );

  app.get('/api/jobs', async (c) => {
    const gstin = await rc.gstinOf(c.req.query('gstin'));
    return c.json(board.ofGstin(gstin).map(payloadOf), 200, NO_STORE);
  });

  app.post('/api/jobs/:id/cancel', (c) => {
    const job = jobFor(board, c.req.param('id'));
    if (job.state === 'running') job.abort.abort();
    return c.json(payloadOf(job), 202);
  });

  app.get('/api/audit-point', async (c) => {
    const gstin = await rc.gstinOf(c.req.query('gstin'));
    const body: AuditPointPayload = {
      gstin,
      auditPoint: await latestAuditPoint(rc.ctx.store, gstin),
    };
    return c.json(body, 200, NO_STORE);
  });

  return board;
}

const NO_STORE = { 'cache-control': 'no-store' };

/** The job, for a person who may see its GSTIN (another's client's job is as good as absent). */
function jobFor(board: JobBoard, id: string): Job {
  const job = board.get(id);
  if (job === undefined)
    throw new NotFoundError(`no such job: ${id} (finished jobs are kept for a while only)`);
  assertGstinAccess(job.gstin);
  return job;
}

async function run(
  ctx: AppContext,
  job: Job,
  body: z.infer<typeof Body>,
  filter: RecordFilter,
  itcReduction: ItcReduction | null,
  rc: JobRoutesContext,
): Promise<void> {
  const work: { -readonly [K in keyof JobWork]: number } = {
    matched: 0,
    checked: 0,
    changes: 0,
    written: 0,
  };
  try {
    job.result = await decideFiltered(ctx, {
      gstin: job.gstin,
      filter,
      verb: body.verb,
      remark: body.remark ?? null,
      itcReduction,
      source: 'web',
      dryRun: body.dryRun === true,
      skipRefused: body.skipRefused === true,
      seenUpTo: body.seenUpTo,
      signal: job.abort.signal,
      onProgress: (p) => {
        job.phase = p.phase;
        job.phaseDone = p.done;
        job.phaseTotal = p.total;
        if (p.phase === 'checking') {
          work.matched = p.total;
          work.checked = p.done;
        } else work.written = p.done;
        work.changes = p.changes;
        job.total = work.matched;
        job.done = Math.max(job.done, recordsDone(work));
      },
    });
    job.done = job.total = job.result.matched;
    job.state = 'done';
    if (job.result.written) job.version = rc.onWritten?.() ?? null;
  } catch (e) {
    if (e instanceof JobCancelledError) job.state = 'cancelled';
    else {
      job.state = 'failed';
      const { status, body: err } = toApiError(e);
      job.error = err;
      if (status >= 500 && err.kind === 'internal')
        rc.log?.(
          `gst-ims serve: job ${job.id} failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`,
        );
    }
  } finally {
    job.finishedAt = ctx.now();
  }
}

/** Where a job's two phases stand: records matched and checked, changes planned and written. */
export interface JobWork {
  readonly matched: number;
  readonly checked: number;
  /** Changes planned so far (while checking), or to write (while writing). */
  readonly changes: number;
  readonly written: number;
}

/**
 * The job's progress in records, each counted once (a bar of `matched`): the work of both phases
 * (each record checked, each change written) scaled to the records matched. While checking, the
 * changes still to plan are expected at the rate seen so far. Its caller keeps it from going back.
 */
export function recordsDone(w: JobWork): number {
  if (w.matched <= 0) return 0;
  const expectedChanges =
    w.checked >= w.matched || w.checked === 0
      ? w.changes
      : Math.round((w.changes * w.matched) / w.checked);
  const units = w.matched + expectedChanges;
  const done = Math.floor((w.matched * (w.checked + w.written)) / units);
  return Math.min(w.matched, done);
}

function payloadOf(j: Job): JobPayload {
  return {
    id: j.id,
    kind: 'decideFiltered',
    gstin: j.gstin,
    user: j.user,
    state: j.state,
    phase: j.phase,
    done: j.done,
    total: j.total,
    phaseDone: j.phaseDone,
    phaseTotal: j.phaseTotal,
    startedAt: j.startedAt,
    finishedAt: j.finishedAt,
    result: j.result satisfies DecideFilteredPayload | null,
    error: j.error === null ? null : j.error.error,
    version: j.version,
  };
}

function toFilter(f: z.infer<typeof Body>['filter']): RecordFilter {
  return {
    view: f.view,
    supplier: f.supplier === null || f.supplier.trim() === '' ? null : normaliseGstin(f.supplier),
    section: f.section,
    terms: f.terms.flatMap((t) => upperAscii(t.trim()).split(/\s+/)).filter(Boolean),
  };
}
