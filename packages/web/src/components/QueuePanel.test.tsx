// @vitest-environment jsdom
// The Dashboard's work shares without the multi-user server: the shares given with the CLI are
// shown read only (no form, no remove button) and the panel says where assigning is done; with
// no share at all it stays hidden. Overlaps and a share's note are written out.
import { act } from 'react';
import { createRoot } from 'react-dom/client';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { WorkQueuesPayload } from '../../../gst-ims/src/server/assignment-api-types.js';
import type { AppState } from '../app-state.js';
import { AppContext } from '../app-state.js';
import { QueuePanel } from './QueuePanel.js';

const SINGLE_USER = { multiUser: false, allowed: false, people: [], views: [] };

const share = (id: number, kind: 'supplier' | 'section' | 'view', value: string) => ({
  id,
  kind,
  value,
  viewOwner: kind === 'view' ? 'meera' : null,
  createdBy: 'meera',
  createdAt: '2026-11-05T10:00:00.000Z',
  records: 2,
  note: kind === 'view' ? 'the saved view "Old" of meera is gone: it gives no records' : null,
});

async function render(
  payload: WorkQueuesPayload,
): Promise<{ host: HTMLElement; done: () => void }> {
  (globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;
  vi.stubGlobal(
    'fetch',
    vi.fn(() => Promise.resolve(new Response(JSON.stringify(payload), { status: 200 }))),
  );
  const host = document.createElement('div');
  document.body.append(host);
  const root = createRoot(host);
  const app = {
    gstin: '27AABCU9603R1ZN',
    period: '102026',
    version: 1,
    toast: vi.fn(),
    navigate: vi.fn(),
  };
  await act(async () => {
    root.render(
      <AppContext.Provider value={app as unknown as AppState}>
        <QueuePanel />
      </AppContext.Provider>,
    );
    await new Promise((ok) => setTimeout(ok, 0));
  });
  return {
    host,
    done: () => {
      act(() => root.unmount());
      host.remove();
    },
  };
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('QueuePanel on a single-user server', () => {
  it('shows the shares read only, the overlap and the notes, and says assigning needs --multi-user', async () => {
    const { host, done } = await render({
      gstin: '27AABCU9603R1ZN',
      period: '102026',
      queues: [
        {
          user: 'asha',
          shares: [share(1, 'supplier', '29AAACR5055K1Z3'), share(2, 'section', 'b2b')],
          records: 4,
          decided: 1,
          remaining: ['k2', 'k3', 'k4'],
          overlapping: 2,
        },
        {
          user: 'ravi',
          shares: [share(3, 'view', 'Old')],
          records: 2,
          decided: 0,
          remaining: ['k1', 'k2'],
          overlapping: 2,
        },
      ],
      unassigned: 7,
      overlaps: [{ users: ['asha', 'ravi'], records: 2 }],
      assign: SINGLE_USER,
    });
    try {
      const rows = [...host.querySelectorAll('tbody tr')].map((tr) =>
        [...tr.querySelectorAll('td')].slice(0, 6).map((td) => td.textContent),
      );
      expect(rows).toEqual([
        ['asha', '29AAACR5055K1Z3B2B invoices', '4', '1', '3', '2'],
        ['ravi', 'view "Old"', '2', '0', '2', '2'],
      ]);
      expect(host.querySelector('[data-testid=queue-overlap]')?.textContent).toBe(
        "2 records are in both asha's and ravi's queues.",
      );
      expect(host.textContent).toContain('ravi, view "Old": the saved view "Old" of meera is gone');
      expect(host.textContent).toContain("7 records are in no one's share.");
      expect(host.querySelector('[data-testid=assign-needs-server]')?.textContent).toContain(
        'Assigning work needs the multi-user server (gst-ims serve --multi-user)',
      );
      expect(host.querySelector('form')).toBeNull();
      expect(host.querySelectorAll('button')).toHaveLength(0);
    } finally {
      done();
    }
  });

  it('stays hidden while nobody has a share', async () => {
    const { host, done } = await render({
      gstin: '27AABCU9603R1ZN',
      period: '102026',
      queues: [],
      unassigned: 7,
      overlaps: [],
      assign: SINGLE_USER,
    });
    try {
      expect(host.querySelector('[data-testid=queue-panel]')).toBeNull();
    } finally {
      done();
    }
  });
});
