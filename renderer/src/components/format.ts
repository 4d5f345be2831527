// How times read in the deck.

/** "client secret" → "Client secret": a name at the start of a label. */
export const capitalized = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/** "1 client", "3 clients". */
export const plural = (count: number, word: string, many = `${word}s`) => `${count} ${count === 1 ? word : many}`;

// Made once: toLocaleDateString with options builds a new formatter on every call (~1 ms each,
// the largest part of drawing a thousand-token list), the same formatter.format() does not.
let shortDate: Intl.DateTimeFormat | undefined;
let shortClock: Intl.DateTimeFormat | undefined;

/**
 * Makes the formatters: the first Intl formatter of a page loads the locale's data (~50 ms
 * here), so views.tsx calls this in idle time once the deck is drawn, not while it draws it.
 */
export function prepareFormats(): { shortDate: Intl.DateTimeFormat; shortClock: Intl.DateTimeFormat } {
  shortDate ??= new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric' });
  shortClock ??= new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });
  return { shortDate, shortClock };
}

export function shortTime(iso: string): string {
  const date = new Date(iso);
  const { shortDate, shortClock } = prepareFormats();
  return `${shortDate.format(date)} ${shortClock.format(date)}`;
}
