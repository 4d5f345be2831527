// `tokendeck request`: one HTTP request with a client's credential attached, scoped to the
// organization's origins; the response to stdout.
import { TokendeckError } from '../../core/errors.js';
import { jsonOption, listOption, stringOption, type Command, type Parsed } from '../command.js';
import { credentialOptions, sayDefaultScheme, tokenRequest } from '../credential-options.js';
import { EXIT } from '../exit-codes.js';
import { forTerminal, printJson } from '../io.js';
import { readTextFile } from '../read-text-file.js';
// --all-envs (issue 23): a block of its own, request-all-environments.ts.
import { allEnvironmentsOptions, refuseAllEnvironmentsOptions, runAllEnvironments } from '../request-all-environments.js';

function parseHeader(line: string): [string, string] {
  const colon = line.indexOf(':');
  if (colon <= 0) throw new TokendeckError('USAGE', `-H "${line.slice(0, 80)}" is not 'Name: value'.`);
  return [line.slice(0, colon).trim(), line.slice(colon + 1).trim()];
}

async function requestBody(args: Parsed): Promise<string | undefined> {
  const data = stringOption(args, 'data');
  const file = stringOption(args, 'data-file');
  if (data !== undefined && file !== undefined) throw new TokendeckError('USAGE', 'Give --data or --data-file, not both.');
  if (file === undefined) return data;
  try {
    return await readTextFile(file);
  } catch (error) {
    throw new TokendeckError('VALIDATION', `Invalid --data-file: cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? 'error'}).`);
  }
}

export const command: Command = {
  usage: 'request <org>/<client> <METHOD> <URL>',
  summary: "send an HTTP request with a client's credential",
  description: "only to the organization's origins (unless --allow-any-origin); a rejected cached token is renewed and the request sent once more\nwith --all-envs, <org> and a path: the same request to each environment with its own client",
  examples: ['tokendeck request acme/web GET https://api.acme.test/v1/me', "tokendeck request acme/web POST https://api.acme.test/v1/items -H 'Content-Type: application/json' --data '{\"name\":\"x\"}'", 'tokendeck request acme GET /v1/health --all-envs'],
  positionals: 3,
  options: {
    ...credentialOptions,
    header: { type: 'string', short: 'H', multiple: true, value: "'NAME: VALUE'", description: 'a request header' },
    data: { type: 'string', value: 'BODY', description: 'the request body' },
    'data-file': { type: 'string', value: 'FILE', description: 'the request body, from a file (not with --data)' },
    ...jsonOption,
    'allow-any-origin': { type: 'boolean', description: "send the credential to a URL outside the organization's origins" },
    ...allEnvironmentsOptions,
  },
  async run(args, context) {
    // --all-envs: the same request to each environment of <org> (request-all-environments.ts).
    if (args.values['all-envs'] === true) return runAllEnvironments(args, context, { headers: listOption(args, 'header').map(parseHeader), body: await requestBody(args) });
    refuseAllEnvironmentsOptions(args);
    const { io, vault, tokens } = context;
    const { org, client, scheme, sub, ttlSeconds } = tokenRequest(args, { io, vault });
    // Loaded here: only this command sends a request with the credential (`token` never does).
    const { sendAuthorized } = await import('../../core/authorized-request.js');
    const result = await sendAuthorized(vault(), tokens(), {
      org,
      client,
      scheme,
      sub,
      ttlSeconds,
      method: args.positionals[1]!,
      url: args.positionals[2]!,
      headers: listOption(args, 'header').map(parseHeader),
      body: await requestBody(args),
      allowAnyOrigin: args.values['allow-any-origin'] === true,
    });
    const { response } = result;
    sayDefaultScheme(io, args, result.credential.scheme);
    if (result.retriedWithFreshToken) io.stderr.write('The cached token was rejected (401); sent again with a fresh one.\n');
    if (response.truncated) io.stderr.write('The response body was cut at the size limit.\n');
    const text = new TextDecoder().decode(response.body);
    // Like `gh api`: a script's `if tokendeck request …` fails on a refusal; the body is still printed.
    const exitCode = response.status >= 400 ? EXIT.failure : EXIT.ok;
    if (exitCode !== EXIT.ok) io.stderr.write(`tokendeck: the server answered HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''} (exit 1).\n`);
    if (args.values.json) {
      printJson(io, {
        status: response.status,
        statusText: response.statusText,
        url: response.url,
        redirects: response.redirects,
        headers: Object.fromEntries(response.headers),
        body: text,
        truncated: response.truncated,
        timing: response.timing,
        scheme: result.credential.scheme,
        retriedWithFreshToken: result.retriedWithFreshToken,
      });
      return exitCode;
    }
    const head = [`HTTP ${response.status} ${response.statusText}`, ...response.headers.map(([name, value]) => `${name}: ${value}`)];
    io.stdout.write(`${head.map((line) => forTerminal(line)).join('\n')}\n\n`);
    // The body byte for byte into a pipe or file (it may be an image); shown, not obeyed, on a terminal.
    io.stdout.write(io.stdout.isTTY ? forTerminal(text, true) : response.body);
    if (text.length > 0 && !text.endsWith('\n')) io.stdout.write('\n');
    return exitCode;
  },
};
