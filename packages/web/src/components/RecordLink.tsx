// A record named in a report (an Excel import, the portal's error file), as a link that opens it
// on the Records page (/records?key=...); the section, supplier and number in words.
import { parseRecordKey } from '@core/record.js';
import type { Section } from '@core/sections.js';
import { SECTION_INFO } from '@core/sections.js';
import { PAGE_PATHS } from '../app-state.js';
import { useApp } from '../app-state.js';

/** "Credit notes (B2B-CN) · 29AAACR5055K1Z3 · CN-7", or the key as it is when it is not one. */
export function recordWords(key: string): string {
  const p = parseRecordKey(key);
  if (!p) return key;
  const info = Object.hasOwn(SECTION_INFO, p.section) ? SECTION_INFO[p.section as Section] : null;
  return `${info ? info.label : p.section} · ${p.supplierGstin} · ${p.docNumber}`;
}

export function RecordLink({ recordKey, children }: { recordKey: string; children?: string }) {
  const { navigate } = useApp();
  const query = `?key=${encodeURIComponent(recordKey)}`;
  return (
    <a
      href={`${PAGE_PATHS.records}${query}`}
      className="record-link"
      data-testid="record-link"
      onClick={(e) => {
        if (e.ctrlKey || e.metaKey || e.shiftKey) return;
        e.preventDefault();
        navigate('records', query);
      }}
    >
      {children ?? recordWords(recordKey)}
    </a>
  );
}
