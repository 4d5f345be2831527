// How a destination change names what it changes: URLs and origins as they will be contacted,
// values whole as JSON, lists in full (destination-change.ts).

export const clip = (text: string) => (text.length > 80 ? `${text.slice(0, 79)}…` : text);

/** A URL as it will be contacted: parsed and re-serialised, so tabs, line breaks and look-alike
 * Unicode hosts show as what they are (the parser drops the first, punycodes the second). */
export function shownUrl(value: string): string {
  try {
    return new URL(value).href;
  } catch {
    return JSON.stringify(clip(value));
  }
}

export function shownOrigin(value: string): string {
  try {
    return new URL(value).origin;
  } catch {
    return JSON.stringify(clip(value));
  }
}

export function hostOf(shown: string): string {
  try {
    return new URL(shown).host;
  } catch {
    return shown;
  }
}

/** Every item, never "and N more": a person allowing a change must see each place it reaches. */
export function listed(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}

export const capitalized = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/** A value of a profile as a message shows it: as JSON, whole (the schema bounds it; a clipped
 * claim could hide the host it names), so a quote or a line break shows as what it is. */
export function shownValue(value: unknown): string {
  if (value === undefined) return 'none';
  if (typeof value === 'boolean') return value ? 'on' : 'off';
  return JSON.stringify(value);
}

/** JSON with sorted keys: two claim sets are the same whatever order their keys came in. */
export const canonical = (value: unknown): string =>
  JSON.stringify(value ?? null, (_key, v: unknown) => (v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b))) : v));
