// The one modal every dialog of the app is built on, so keyboard users are never stuck: focus
// moves in on open and stays in (focus-trap: Tab and Shift+Tab cycle inside), Esc cancels,
// Enter or Ctrl+Enter confirms, and focus goes back where the person was (or where the page says).
import { FocusTrap } from 'focus-trap-react';
import type { KeyboardEvent, ReactNode } from 'react';
import { useRef } from 'react';

interface Props {
  /** The id of the dialog's heading (aria-labelledby). */
  readonly labelledBy: string;
  readonly onCancel: () => void;
  /** The dialog's main action, run by Enter / Ctrl+Enter; null while it cannot run. */
  readonly onConfirm: (() => void) | null;
  /** What takes the focus on open; the dialog itself when it returns null. */
  readonly initialFocus?: (() => HTMLElement | null) | undefined;
  /**
   * Puts the focus back after the dialog closed (the grid row it was opened from). Without it,
   * focus returns to the element focused before the dialog opened.
   */
  readonly restoreFocus?: ((previous: Element | null) => void) | undefined;
  readonly className?: string | undefined;
  readonly testId?: string | undefined;
  readonly children: ReactNode;
}

/** Plain Enter belongs to these elements (a new line, pressing a button, opening a list). */
const OWN_ENTER = new Set(['TEXTAREA', 'BUTTON', 'A', 'SELECT', 'SUMMARY']);

export function Modal({
  labelledBy,
  onCancel,
  onConfirm,
  initialFocus,
  restoreFocus,
  className,
  testId,
  children,
}: Props) {
  const dialogRef = useRef<HTMLDivElement>(null);
  const previous = useRef<Element | null>(document.activeElement);

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>): void => {
    if (e.key === 'Escape') {
      e.preventDefault();
      e.stopPropagation();
      onCancel();
      return;
    }
    if (e.key !== 'Enter' || e.shiftKey || e.altKey) return;
    const withCtrl = e.ctrlKey || e.metaKey;
    const t = e.target as HTMLElement;
    if (!withCtrl && OWN_ENTER.has(t.tagName)) return;
    e.preventDefault();
    e.stopPropagation();
    onConfirm?.();
  };

  return (
    <FocusTrap
      focusTrapOptions={{
        initialFocus: () => initialFocus?.() ?? dialogRef.current ?? false,
        fallbackFocus: () => dialogRef.current ?? document.body,
        // Esc is the dialog's own key (onKeyDown), so closing always goes through onCancel.
        escapeDeactivates: false,
        allowOutsideClick: true,
        setReturnFocus: (prev) => (restoreFocus ? false : prev),
        onPostDeactivate: () => restoreFocus?.(previous.current),
      }}
    >
      <div className="modal-backdrop" data-testid={testId}>
        <div
          ref={dialogRef}
          className={`modal ${className ?? ''}`}
          role="dialog"
          aria-modal="true"
          aria-labelledby={labelledBy}
          tabIndex={-1}
          onKeyDown={onKeyDown}
        >
          {children}
        </div>
      </div>
    </FocusTrap>
  );
}
