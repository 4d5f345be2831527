// `tokendeck inject`'s templates: text in which `{{ tokendeck "acme/web" }}` or
// `{{ tokendeck "acme/web" "devtoken" }}` stands for a fresh token of that client (in that scheme,
// else the client's default). Everything else, other `{{ … }}` included, is left as it is.
import { TokendeckError } from './errors.js';
import { SCHEMES, type Scheme } from './providers/schemes.js';

export interface TemplateSlot {
  org: string;
  client: string;
  /** Undefined: the client's default scheme. */
  scheme?: Scheme;
  /** 1-based, for messages. */
  line: number;
}

/** A template naming more tokens than this is not a configuration file. */
export const MAX_TEMPLATE_SLOTS = 100;

const SLOT = /\{\{\s*tokendeck\b(.*?)\}\}/g;
const OPENING = /\{\{\s*tokendeck\b/g;
const SLOT_ARGUMENTS = /^\s+"([^"\s/]+)\/([^"\s/]+)"(?:\s+"([^"\s]+)")?\s*$/;

const lineAt = (text: string, index: number): number => text.slice(0, index).split('\n').length;

function slotProblem(line: number, what: string): TokendeckError {
  return new TokendeckError('VALIDATION', `Template line ${line}: ${what}. Write {{ tokendeck "<org>/<client>" }} or {{ tokendeck "<org>/<client>" "<scheme>" }}; nothing was printed.`);
}

/** Every placeholder, in order; a malformed one (or an unknown scheme) is refused with its line. */
export function templateSlots(text: string): TemplateSlot[] {
  const slots: TemplateSlot[] = [];
  const starts = new Set<number>();
  for (const match of text.matchAll(SLOT)) {
    starts.add(match.index);
    const line = lineAt(text, match.index);
    const parts = SLOT_ARGUMENTS.exec(match[1]!);
    if (!parts) throw slotProblem(line, 'a tokendeck placeholder names one client in quotes, then optionally a scheme');
    const scheme = parts[3]?.toLowerCase();
    if (scheme !== undefined && !(SCHEMES as readonly string[]).includes(scheme)) throw slotProblem(line, `"${scheme}" is not a scheme (${SCHEMES.join(', ')})`);
    slots.push({ org: parts[1]!, client: parts[2]!, ...(scheme ? { scheme: scheme as Scheme } : {}), line });
  }
  const unclosed = [...text.matchAll(OPENING)].find((opening) => !starts.has(opening.index));
  if (unclosed) throw slotProblem(lineAt(text, unclosed.index), 'a tokendeck placeholder is not closed with }} on its line');
  if (slots.length > MAX_TEMPLATE_SLOTS) throw new TokendeckError('VALIDATION', `The template names ${slots.length} tokens; at most ${MAX_TEMPLATE_SLOTS} are filled in at once. Nothing was printed.`);
  return slots;
}

/** The key that makes two placeholders one token: the same client and scheme. */
export const slotKey = (slot: Pick<TemplateSlot, 'org' | 'client' | 'scheme'>): string => `${slot.org.toLowerCase()}/${slot.client.toLowerCase()}|${slot.scheme ?? ''}`;

/** The template with each placeholder replaced by `values.get(slotKey(slot))`. */
export function renderTemplate(text: string, values: ReadonlyMap<string, string>): string {
  return text.replace(SLOT, (_whole, inside: string) => {
    const parts = SLOT_ARGUMENTS.exec(inside)!;
    const value = values.get(slotKey({ org: parts[1]!, client: parts[2]!, scheme: parts[3]?.toLowerCase() as Scheme | undefined }));
    if (value === undefined) throw new TokendeckError('INTERNAL', 'A template placeholder was rendered without its token.');
    return value;
  });
}
