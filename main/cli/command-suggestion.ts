// "Did you mean `tokendeck token`?" for a command typed wrong (`tokn`, `org ad`, `clinet list`):
// the typed words against the names of as many words, longest first.
import { didYouMean } from '../core/suggest.js';
import { commandNames } from './command-index.js';

/** The names and their leading words (`org env` of `org env add`), except the hidden helper's. */
function knownWords(): string[] {
  const names = commandNames().filter((name) => !name.startsWith('__'));
  return [...new Set(names.flatMap((name) => name.split(' ').map((_, at, words) => words.slice(0, at + 1).join(' '))))];
}

/** ` Did you mean `tokendeck token`?` for the first words of argv, or ''. */
export function commandSuggestion(argv: string[]): string {
  const known = knownWords();
  for (const count of [3, 2, 1]) {
    if (argv.length < count) continue;
    const typed = argv.slice(0, count).join(' ');
    const hint = didYouMean(typed, known.filter((name) => name.split(' ').length === count), (name) => `\`tokendeck ${name}\``);
    if (hint) return hint;
  }
  return '';
}
