// @vitest-environment jsdom
// Paged mode on a multi-user server: the versions of the records about to be decided are asked
// for by key and kept for the decision to send back; a single-user server is asked nothing.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { seenVersionsOf, setSession } from '../../session.js';
import { noteSeenVersions } from './seen-versions.js';

const SESSION = {
  user: 'asha',
  role: 'preparer',
  gstins: ['G'],
  permissions: ['decide'],
  csrfToken: 't',
};

describe('noteSeenVersions', () => {
  afterEach(() => setSession(null));

  it('asks nothing of a single-user server', async () => {
    const get = vi.fn();
    await noteSeenVersions('G', ['a', 'b'], get);
    expect(get).not.toHaveBeenCalled();
  });

  it("asks each record's version by key and keeps them for the decision", async () => {
    setSession(SESSION);
    const keys = Array.from({ length: 20 }, (_, i) => `k${i}|x`);
    const get = vi.fn((path: string, gstin: string): Promise<unknown> => {
      expect(gstin).toBe('G');
      const key = decodeURIComponent(/key=(.*)$/.exec(path)![1]!);
      // Records never decided are at version 0: the server leaves them out.
      const i = Number(/^k(\d+)/.exec(key)![1]);
      return Promise.resolve({ versions: i % 2 === 0 ? { [key]: i + 1 } : {} });
    });
    await noteSeenVersions('G', keys, get);
    expect(get).toHaveBeenCalledTimes(20);
    expect(get.mock.calls[0]![0]).toBe('/api/versions?key=k0%7Cx');
    expect(seenVersionsOf('G', ['k0|x', 'k1|x', 'k2|x', 'k18|x'])).toEqual({
      'k0|x': 1,
      'k2|x': 3,
      'k18|x': 19,
    });
  });

  it('a failed request fails the whole (the dialog is not opened on unknown versions)', async () => {
    setSession(SESSION);
    const get = vi.fn(() => Promise.reject(new Error('offline')));
    await expect(noteSeenVersions('G', ['a'], get)).rejects.toThrow('offline');
  });
});
