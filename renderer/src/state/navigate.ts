// Lets a component far from the App (an error notice) open a view: the App registers its
// selection setter here once.
import type { Selection } from '../selection.js';

let navigator: ((selection: Selection) => void) | undefined;

export function setNavigator(next: (selection: Selection) => void): void {
  navigator = next;
}

export function navigate(selection: Selection): void {
  navigator?.(selection);
}
