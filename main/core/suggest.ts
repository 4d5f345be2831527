// The page imports this module (tsconfig.pure.json lists it): no Node, no Electron here.
// "Did you mean …?": the known names closest to one typed wrong, by Damerau-Levenshtein distance
// (a swapped pair of letters counts once: `tokn`, `studio/wbe`). One home for the CLI's commands,
// options and schemes and the core's organizations, clients, environments and providers.

/** Edits (insert, delete, substitute, swap two neighbours) from `a` to `b`, case ignored. */
export function editDistance(a: string, b: string): number {
  const s = a.toLowerCase();
  const t = b.toLowerCase();
  const d: number[][] = Array.from({ length: s.length + 1 }, (_, i) => Array.from({ length: t.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= s.length; i++) {
    for (let j = 1; j <= t.length; j++) {
      const cost = s[i - 1] === t[j - 1] ? 0 : 1;
      d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && s[i - 1] === t[j - 2] && s[i - 2] === t[j - 1]) d[i]![j] = Math.min(d[i]![j]!, d[i - 2]![j - 2]! + 1);
    }
  }
  return d[s.length]![t.length]!;
}

/**
 * The known names within two edits of `given` (one for names of three letters or fewer, where two
 * edits reach almost anything), closest first; a known name `given` begins is close too (`tok` →
 * token, tokens). At most three.
 */
export function closestNames(given: string, known: Iterable<string>): string[] {
  const typed = given.trim();
  if (!typed) return [];
  const reach = typed.length <= 3 ? 1 : 2;
  const scored = [...new Set(known)]
    .map((name) => ({ name, distance: editDistance(typed, name) }))
    .map((entry) => (entry.distance > reach && typed.length >= 3 && entry.name.toLowerCase().startsWith(typed.toLowerCase()) ? { ...entry, distance: reach } : entry))
    .filter((entry) => entry.distance <= reach && entry.name.toLowerCase() !== typed.toLowerCase());
  return scored.sort((x, y) => x.distance - y.distance).slice(0, 3).map((entry) => entry.name);
}

/**
 * ` Did you mean "token"?` (with a leading space), or '' when nothing known is close. `aliases`
 * gives other spellings of a known name (`dev` for development): close to one is close to the name.
 */
export function didYouMean(given: string, known: Iterable<string>, quote: (name: string) => string = (name) => `"${name}"`, aliases: (name: string) => string[] = () => []): string {
  const spellings = new Map([...known].flatMap((name) => [name, ...aliases(name)].map((spelling) => [spelling, name] as const)));
  const close = [...new Set(closestNames(given, spellings.keys()).map((spelling) => spellings.get(spelling)!))];
  if (!close.length) return '';
  return ` Did you mean ${close.length === 1 ? quote(close[0]!) : `${close.slice(0, -1).map(quote).join(', ')} or ${quote(close.at(-1)!)}`}?`;
}
