// How times read in the deck.

/** What is left, ticking each second: "13 d 23:59:58", "1:59:58", "0:04:07", or "expired". */
export function countdown(expiresAt: string, now: number): string {
  const total = Math.floor((Date.parse(expiresAt) - now) / 1000);
  if (total <= 0) return 'expired';
  const days = Math.floor(total / 86_400);
  const hours = Math.floor((total % 86_400) / 3_600);
  const minutes = String(Math.floor((total % 3_600) / 60)).padStart(2, '0');
  const seconds = String(total % 60).padStart(2, '0');
  return `${days > 0 ? `${days} d ` : ''}${hours}:${minutes}:${seconds}`;
}

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
 * here), so main.tsx calls this while the page waits for the vault, not while it draws it.
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
