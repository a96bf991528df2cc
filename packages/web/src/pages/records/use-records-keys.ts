// The Records page's keys: a/r/p/n decide on the selection, / searches, Esc closes the panel
// (or leaves the search box). Typing in a field is left alone.
import type { RefObject } from 'react';
import { useEffect, useRef } from 'react';
import type { DecideVerb } from '../../../../gst-ims/src/server/api-types.js';
import { VERB_KEYS } from './records-filter.js';

/** Whether a key pressed on this element is typing (a text field, not a box or button). */
export function isTyping(t: EventTarget | null): t is HTMLElement {
  if (!(t instanceof HTMLElement)) return false;
  if (t instanceof HTMLInputElement)
    return t.type !== 'checkbox' && t.type !== 'radio' && t.type !== 'button';
  return t.tagName === 'TEXTAREA' || t.tagName === 'SELECT' || t.isContentEditable;
}

export function useRecordsKeys(opts: {
  /** A dialog is open: it has the keys. */
  paused: boolean;
  searchRef: RefObject<HTMLInputElement | null>;
  onEscape: () => void;
  onVerb: (verb: DecideVerb) => void;
}): void {
  const latest = useRef(opts);
  latest.current = opts;
  const { paused } = opts;
  useEffect(() => {
    if (paused) return;
    const onKey = (e: KeyboardEvent): void => {
      if (e.ctrlKey || e.metaKey || e.altKey) return;
      const { searchRef, onEscape, onVerb } = latest.current;
      const typing = isTyping(e.target);
      if (e.key === 'Escape') {
        if (typing && e.target === searchRef.current) e.target.blur();
        else onEscape();
        return;
      }
      if (typing) return;
      if (e.key === '/') {
        e.preventDefault();
        searchRef.current?.focus();
        searchRef.current?.select();
        return;
      }
      const verb = VERB_KEYS[e.key.toLowerCase()];
      if (verb) {
        e.preventDefault();
        onVerb(verb);
      }
    };
    addEventListener('keydown', onKey);
    return () => removeEventListener('keydown', onKey);
  }, [paused]);
}
