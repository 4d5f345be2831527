// `tokendeck inject`: a template (a file with -i, else stdin) with each `{{ tokendeck "org/client"
// ["scheme"] }}` replaced by a fresh token, to stdout (or, with -o, a file only you can read). All
// or nothing: every client is looked up and every token made before a byte is written; each token
// handed out is remembered as a hand-out, like a copy (never its value).
import { TokendeckError } from '../../core/errors.js';
import { handedOutCredential } from '../../core/handouts.js';
import { producerFor } from '../../core/schemes/registry.js';
import { renderTemplate, slotKey, templateSlots, type TemplateSlot } from '../../core/token-template.js';
import type { IssuedCredential } from '../../core/token-service.js';
import { stringOption, type Command } from '../command.js';
import { forTerminal, readAll, type CliIo } from '../io.js';

const TEMPLATE_INPUT = { what: 'template', maxChars: 1024 * 1024 };

async function readTemplate(io: CliIo, file: string | undefined): Promise<string> {
  if (file === undefined) {
    if (io.stdin.isTTY) throw new TokendeckError('USAGE', 'Give the template: tokendeck inject -i <file>, or pipe it in (tokendeck inject < config.tmpl).');
    return readAll(io.stdin, TEMPLATE_INPUT);
  }
  const { readCappedFile } = await import('../../core/read-capped-file.js');
  return readCappedFile(file, TEMPLATE_INPUT.maxChars, 'The template');
}

export const command: Command = {
  usage: 'inject',
  summary: 'fill a template with fresh tokens, to stdout',
  description: 'replaces each {{ tokendeck "<org>/<client>" ["<scheme>"] }} with a fresh token, all or nothing; each token is listed as a hand-out',
  examples: ['tokendeck inject -i .env.tmpl', 'set -a; . <(tokendeck inject -i .env.tmpl); set +a', 'tokendeck inject -i .env.tmpl -o .env'],
  positionals: 0,
  options: {
    in: { type: 'string', short: 'i', value: 'FILE', description: 'the template (stdin when not given)' },
    out: { type: 'string', short: 'o', value: 'FILE', description: 'write the result to this file (mode 0600) instead of stdout' },
  },
  async run(args, { io, vault, tokens, core }) {
    const out = stringOption(args, 'out');
    const text = await readTemplate(io, stringOption(args, 'in'));
    const slots = new Map<string, TemplateSlot>();
    for (const slot of templateSlots(text)) if (!slots.has(slotKey(slot))) slots.set(slotKey(slot), slot);
    // Every client and scheme first: a misspelt name fails before any token is made.
    const requests = [...slots].map(([key, slot]) => {
      const { org, client } = vault().resolveClient(slot.org, slot.client);
      producerFor(org, slot.scheme ?? client.defaultScheme);
      return { key, request: { org: org.name, client: client.name, ...(slot.scheme ? { scheme: slot.scheme } : {}) } };
    });
    const issued: Array<{ key: string; request: { org: string; client: string }; credential: IssuedCredential }> = [];
    for (const { key, request } of requests) issued.push({ key, request, credential: await tokens().credential(request) });
    const rendered = renderTemplate(text, new Map(issued.map(({ key, credential }) => [key, credential.token])));
    if (out === undefined) io.stdout.write(io.stdout.isTTY ? forTerminal(rendered, true) : rendered);
    else {
      const { writeFileAtomically } = await import('../../core/atomic-write.js');
      try {
        writeFileAtomically(out, rendered);
      } catch (error) {
        throw new TokendeckError('USAGE', `Cannot write ${out} (${(error as NodeJS.ErrnoException).code ?? 'error'}): nothing was written. Name a file in a folder you can write.`);
      }
    }
    const [loaded, { withSubLabel }] = await Promise.all([core(), import('../../core/operations.js')]);
    for (const { request, credential } of issued) await loaded.handouts.recordToken('injected', withSubLabel(loaded, handedOutCredential(request, credential)), credential.token);
    if (out !== undefined) io.stderr.write(`Wrote ${out} (mode 0600: readable by you only) with ${issued.length} token(s); each is listed in tokendeck handouts.\n`);
  },
};
