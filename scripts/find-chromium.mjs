// The Chromium the browser tests (tests/e2e) and the web benchmark (bench/web.mjs) drive through
// playwright-core: the system's own, found at the usual places. Types for TypeScript come from
// the JSDoc below (tests/tsconfig.json allows JS for this import).
import { existsSync } from 'node:fs';

/**
 * Flags for a headless Chromium that stays quiet: no sandbox, GPU, QUIC or background calls.
 * @type {string[]}
 */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/**
 * The path of a Chromium (or Chrome) executable, or null when there is none.
 * GST_IMS_CHROMIUM=/path/to/chrome picks a browser; GST_IMS_CHROMIUM=none pretends there is none.
 * @returns {string | null}
 */
export function findChromium() {
  if (process.env.GST_IMS_CHROMIUM === 'none') return null;
  const candidates = [
    process.env.GST_IMS_CHROMIUM,
    '/usr/bin/chromium',
    '/usr/bin/chromium-browser',
    '/usr/bin/google-chrome',
    '/usr/bin/google-chrome-stable',
  ];
  return candidates.find((p) => typeof p === 'string' && p !== '' && existsSync(p)) ?? null;
}
