// "Removed your rating of Heat (1995). Undo": a removal is one click or key away from being a mistake,
// so the page offers to take it back for a while, from any tab.
import { required } from '../ui/element';

const UNDO_SHOWN_MS = 10_000;

let hideTimer: ReturnType<typeof setTimeout> | undefined;
let undoLast: (() => void) | null = null;

function bar(): { root: HTMLElement; text: HTMLElement; button: HTMLButtonElement } {
  return {
    root: required('undo-bar', HTMLElement),
    text: required('undo-text', HTMLElement),
    button: required('undo-button', HTMLButtonElement),
  };
}

function hide(): void {
  clearTimeout(hideTimer);
  undoLast = null;
  bar().root.hidden = true;
}

/** Wires the Undo button and Escape (once, at start-up). */
export function connectUndoBar(): void {
  const { button } = bar();
  button.addEventListener('click', () => {
    const undo = undoLast;
    hide();
    undo?.();
  });
  document.addEventListener('keydown', (event) => {
    if (event.key === 'Escape' && undoLast !== null && document.activeElement === button) hide();
  });
}

/** Says what was removed and offers to put it back; a newer offer replaces an older one. */
export function offerUndo(message: string, undo: () => void): void {
  const { root, text } = bar();
  clearTimeout(hideTimer);
  text.textContent = message;
  undoLast = undo;
  root.hidden = false;
  hideTimer = setTimeout(hide, UNDO_SHOWN_MS);
}
