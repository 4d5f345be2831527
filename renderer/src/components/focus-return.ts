// Escape closes a form or a confirmation, and focus goes back to what had it when it opened (the
// button that opened it). By then the view may have re-rendered that button as a new element, so
// it is found again by its name within the same labelled region.
import { useEffect, useState, type KeyboardEvent } from 'react';

interface Opener {
  tag: string;
  name: string;
  scope: string | null;
}

const nameOf = (element: Element) => element.getAttribute('aria-label') ?? element.textContent?.trim() ?? '';
const scopeOf = (element: Element) => element.parentElement?.closest('[aria-label]')?.getAttribute('aria-label') ?? null;

function describe(element: Element | null): Opener | undefined {
  if (!(element instanceof HTMLElement) || element === document.body) return undefined;
  return { tag: element.tagName, name: nameOf(element), scope: scopeOf(element) };
}

function find(opener: Opener): HTMLElement | undefined {
  return [...document.querySelectorAll<HTMLElement>(opener.tag)].find((e) => nameOf(e) === opener.name && scopeOf(e) === opener.scope);
}

/** Call in a form or confirmation: when it goes away, focus returns to what opened it. */
export function useFocusReturn(): void {
  // Read while rendering, before the form's autoFocus field takes the focus.
  const [opener] = useState(() => describe(document.activeElement));
  useEffect(
    () => () => {
      if (!opener) return;
      requestAnimationFrame(() => {
        if (document.activeElement && document.activeElement !== document.body) return;
        find(opener)?.focus();
      });
    },
    [opener],
  );
}

/** A form's or confirmation's onKeyDown: Escape cancels it. */
export const cancelOnEscape = (cancel: () => void) => (event: KeyboardEvent) => {
  if (event.key !== 'Escape') return;
  event.preventDefault();
  event.stopPropagation();
  cancel();
};
