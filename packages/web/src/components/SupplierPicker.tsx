// The supplier filter of the Records page: a type-ahead combobox (WAI-ARIA combobox pattern) over
// name and GSTIN. A plain drop-down of 2,000 suppliers (100,000 records) could only be scrolled.
import type { KeyboardEvent } from 'react';
import { useEffect, useId, useMemo, useRef, useState } from 'react';
import { count } from '../format.js';
import './supplier-picker.css';

export interface SupplierOption {
  readonly gstin: string;
  readonly name: string;
  /** Records of this supplier. */
  readonly n: number;
}

/** More than this many matches: the list asks for more letters instead of growing. */
export const MAX_SHOWN = 50;

export const supplierText = (s: SupplierOption): string =>
  s.name ? `${s.name} · ${s.gstin}` : s.gstin;

/** Suppliers whose name or GSTIN holds every word typed, in any case. */
export function matchSuppliers(
  all: readonly SupplierOption[],
  query: string,
): readonly SupplierOption[] {
  const terms = query.trim().toUpperCase().split(/\s+/).filter(Boolean);
  if (terms.length === 0) return all;
  return all.filter((s) => {
    const text = `${s.name} ${s.gstin}`.toUpperCase();
    return terms.every((t) => text.includes(t));
  });
}

export function SupplierPicker({
  suppliers,
  value,
  onChange,
  id = 'supplier-filter',
}: {
  suppliers: readonly SupplierOption[];
  /** The chosen GSTIN; '' for all suppliers. */
  value: string;
  onChange: (gstin: string) => void;
  id?: string;
}) {
  const listId = useId();
  const input = useRef<HTMLInputElement>(null);
  const [open, setOpen] = useState(false);
  // What the person typed while the list is open; null shows the chosen supplier.
  const [query, setQuery] = useState<string | null>(null);
  const [active, setActive] = useState(0);
  const chosen = suppliers.find((s) => s.gstin === value);

  const matches = useMemo(() => matchSuppliers(suppliers, query ?? ''), [suppliers, query]);
  // Option 0 is "All suppliers"; the matches follow.
  const shown = matches.slice(0, MAX_SHOWN);
  const optionCount = shown.length + 1;

  const close = (): void => {
    setOpen(false);
    setQuery(null);
  };
  const pick = (gstin: string): void => {
    close();
    if (gstin !== value) onChange(gstin);
  };
  const optionId = (i: number): string => `${listId}-o${i}`;
  useEffect(() => {
    if (open) document.getElementById(optionId(active))?.scrollIntoView({ block: 'nearest' });
  });

  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>): void => {
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      if (!open) {
        setOpen(true);
        setActive(0);
        return;
      }
      const step = e.key === 'ArrowDown' ? 1 : -1;
      setActive((a) => (a + step + optionCount) % optionCount);
    } else if (e.key === 'Enter' && open) {
      e.preventDefault();
      pick(active === 0 ? '' : (shown[active - 1]?.gstin ?? value));
    } else if (e.key === 'Escape' && open) {
      // The page's own Esc (closing the record panel) waits for the next one.
      e.preventDefault();
      e.stopPropagation();
      close();
    }
  };

  return (
    <div className="supplier-picker">
      <input
        ref={input}
        id={id}
        type="text"
        role="combobox"
        aria-label="Supplier (type a name or GSTIN)"
        aria-autocomplete="list"
        aria-expanded={open}
        aria-controls={listId}
        aria-activedescendant={open ? optionId(active) : undefined}
        autoComplete="off"
        spellCheck={false}
        placeholder={`All suppliers (${count(suppliers.length)})`}
        value={query ?? (chosen ? supplierText(chosen) : value)}
        onFocus={(e) => e.target.select()}
        onClick={() => {
          if (open) return;
          setOpen(true);
          setActive(0);
        }}
        onChange={(e) => {
          setQuery(e.target.value);
          setOpen(true);
          // The first match, not "All suppliers", is what Enter takes after typing.
          setActive(e.target.value.trim() ? 1 : 0);
        }}
        onKeyDown={onKeyDown}
        onBlur={close}
      />
      {value !== '' && (
        <button
          type="button"
          className="clear"
          aria-label="All suppliers"
          title="All suppliers"
          onClick={() => {
            pick('');
            input.current?.focus();
          }}
        >
          ×
        </button>
      )}
      {open && (
        <div className="supplier-menu">
          <ul id={listId} role="listbox" aria-label="Suppliers" data-testid="supplier-options">
            {[null, ...shown].map((s, i) => (
              <li
                key={s?.gstin ?? ''}
                id={optionId(i)}
                role="option"
                aria-selected={i === active}
                className={i === active ? 'active' : ''}
                // mousedown, not click: the input must not lose the focus (and close the list) first.
                onMouseDown={(e) => {
                  e.preventDefault();
                  pick(s?.gstin ?? '');
                }}
                onMouseEnter={() => setActive(i)}
              >
                {s === null ? (
                  <>All suppliers ({count(suppliers.length)})</>
                ) : (
                  <>
                    <span className="name">{s.name || s.gstin}</span>{' '}
                    <span className="mono gstin">{s.gstin}</span>{' '}
                    <span className="muted">({count(s.n)})</span>
                  </>
                )}
              </li>
            ))}
          </ul>
          {matches.length > shown.length && (
            <p className="more muted">
              {count(matches.length - shown.length)} more: type more of the name or GSTIN
            </p>
          )}
          {matches.length === 0 && <p className="more muted">No supplier matches “{query}”</p>}
        </div>
      )}
    </div>
  );
}
