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

/** "1 client", "3 clients". */
export const plural = (count: number, word: string, many = `${word}s`) => `${count} ${count === 1 ? word : many}`;

export function shortTime(iso: string): string {
  const date = new Date(iso);
  return `${date.toLocaleDateString(undefined, { month: 'short', day: 'numeric' })} ${date.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' })}`;
}
