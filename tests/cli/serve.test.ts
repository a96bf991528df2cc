// `gst-ims serve` as a user runs it, for what the browser tests do not reach: a port that is taken.
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../support/cli.js';

describe('gst-ims serve', () => {
  it('says so and exits 3 when the port is taken, leaving no server behind', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as AddressInfo).port;
    try {
      const db = join(tempDir(), 'ws.sqlite');
      const r = runCli(['--db', db, 'serve', '--port', String(port)]);
      expect(r.code).toBe(3);
      expect(r.stderr).toContain(String(port));
      expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
      expect(r.stdout).not.toContain('is serving');
    } finally {
      await new Promise<void>((resolve) => blocker.close(() => resolve()));
    }
  });

  it('lists serve with its default port in the help', () => {
    const r = runCli(['serve', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('5177');
  });
});
