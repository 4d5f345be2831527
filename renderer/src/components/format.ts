// How times read in the deck.
import { formatDuration } from '../../../main/core/duration.js';

export function countdown(expiresAt: string, now: number): string {
  const seconds = Math.floor((Date.parse(expiresAt) - now) / 1000);
  return seconds <= 0 ? 'expired' : formatDuration(seconds);
}

export function shortTime(iso: string): string {
  const date = new Date(iso);
  return `${date.toLocaleDateString(undefined, { month: 'short', day: 'numeric' })} ${date.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' })}`;
}
