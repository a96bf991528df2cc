// @vitest-environment jsdom
// A record named in a report: in words, and a link that opens it on the Records page.
import { act } from 'react';
import { createRoot } from 'react-dom/client';
import { describe, expect, it, vi } from 'vitest';
import type { AppState } from '../app-state.js';
import { AppContext } from '../app-state.js';
import { RecordLink, recordWords } from './RecordLink.js';

const KEY = 'b2bcn|29AAACR5055K1Z3|CN/7|A|2026-27';

describe('RecordLink', () => {
  it('names the record by section, supplier and number, a number with | included', () => {
    expect(recordWords(KEY)).toBe('Credit notes · 29AAACR5055K1Z3 · CN/7|A');
    expect(recordWords('zz|29AAACR5055K1Z3|X-1|2026-27')).toBe('zz · 29AAACR5055K1Z3 · X-1');
    expect(recordWords('not-a-key')).toBe('not-a-key');
  });

  it('links to /records?key=... and opens it in the app without a page load', () => {
    (globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;
    const navigate = vi.fn();
    const host = document.createElement('div');
    document.body.append(host);
    const root = createRoot(host);
    act(() =>
      root.render(
        <AppContext.Provider value={{ navigate } as unknown as AppState}>
          <RecordLink recordKey={KEY} />
        </AppContext.Provider>,
      ),
    );
    const a = host.querySelector('a') as HTMLAnchorElement;
    expect(a.getAttribute('href')).toBe(`/records?key=${encodeURIComponent(KEY)}`);
    expect(a.textContent).toBe(recordWords(KEY));
    act(() => a.click());
    expect(navigate).toHaveBeenCalledWith('records', `?key=${encodeURIComponent(KEY)}`);
    act(() => root.unmount());
    host.remove();
  });
});
