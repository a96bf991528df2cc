// Requests to the server in process (Hono's app.request), as the web app sends them: to
// 127.0.0.1:PORT, same-origin, and with the session token on the state-changing ones.
import type { Hono } from 'hono';
import { expect } from 'vitest';
import { TOKEN_HEADER } from '../api-types.js';

export const PORT = 5177;
export const ORIGIN = `http://127.0.0.1:${PORT}`;

type Init = Omit<RequestInit, 'headers'> & { headers?: Record<string, string> };

export interface ApiClient {
  /** A bare request: only the Host header is set (for the security checks). */
  readonly req: (path: string, init?: Init) => Promise<Response>;
  /** A request from the page itself: same origin, with the token (file uploads, raw bodies). */
  readonly send: (path: string, init?: Init) => Promise<Response>;
  /** A same-origin GET that must answer 200; its JSON. */
  readonly get: <T>(path: string) => Promise<T>;
  /** A same-origin JSON POST with the token. */
  readonly post: (
    path: string,
    body: unknown,
    headers?: Record<string, string>,
  ) => Promise<Response>;
  /** The JSON of a response that must have the given status. */
  readonly json: <T>(res: Promise<Response> | Response, status?: number) => Promise<T>;
}

/** `app` is asked for at each request: tests make it in beforeAll. */
export function apiClient(app: () => Hono, token: string): ApiClient {
  const req = (path: string, init: Init = {}): Promise<Response> =>
    Promise.resolve(
      app().request(`${ORIGIN}${path}`, {
        ...init,
        headers: { host: `127.0.0.1:${PORT}`, ...init.headers },
      }),
    );
  const fromPage = { origin: ORIGIN, 'sec-fetch-site': 'same-origin', [TOKEN_HEADER]: token };
  const json = async <T>(r: Promise<Response> | Response, status = 200): Promise<T> => {
    const res = await r;
    expect(res.status, await res.clone().text()).toBe(status);
    return (await res.json()) as T;
  };
  return {
    req,
    send: (path, init = {}) => req(path, { ...init, headers: { ...fromPage, ...init.headers } }),
    get: <T>(path: string) => json<T>(req(path, { headers: { 'sec-fetch-site': 'same-origin' } })),
    post: (path, body, headers = {}) =>
      req(path, {
        method: 'POST',
        body: JSON.stringify(body),
        headers: { 'content-type': 'application/json', ...fromPage, ...headers },
      }),
    json,
  };
}
