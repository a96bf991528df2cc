// The skip link's target: on a page with a grid, its first row (the keyboard's place to work);
// elsewhere the page's main area.
import type { MouseEvent } from 'react';

interface FocusableGrid {
  getDisplayedRowCount(): number;
  getAllDisplayedColumns(): { getColId(): string }[];
  ensureIndexVisible(i: number): void;
  setFocusedCell(i: number, col: string): void;
}

export function skipToMain(e: MouseEvent<HTMLAnchorElement>): void {
  e.preventDefault();
  const main = document.getElementById('main');
  // The Records grid publishes its API on window (RecordsPage); another grid is focused by its
  // first cell in the DOM.
  const api = (window as unknown as { __gstImsGrid?: FocusableGrid }).__gstImsGrid;
  if (main?.querySelector('.records .ag-root') && api && api.getDisplayedRowCount() > 0) {
    const col = api.getAllDisplayedColumns()[1] ?? api.getAllDisplayedColumns()[0];
    if (col) {
      api.ensureIndexVisible(0);
      api.setFocusedCell(0, col.getColId());
      return;
    }
  }
  const cell = main?.querySelector<HTMLElement>('.ag-center-cols-container .ag-cell');
  if (cell) cell.focus();
  else main?.focus();
}
