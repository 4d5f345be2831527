// `tokendeck token | request | exec`: a client's credential for scripts. The token alone goes
// to stdout (or the clipboard); the secret behind it never does.
import fs from 'node:fs/promises';
import { constants as osConstants } from 'node:os';
import { parseDuration } from '../core/duration.js';
import { TokendeckError } from '../core/errors.js';
import { isoTime } from '../core/iso-time.js';
import { checkPlainText } from '../core/model/primitives.js';
import type { TokenRequest } from '../core/model/inputs.js';
import { SCHEMES, type Scheme } from '../core/providers/schemes.js';
import type { IssuedCredential } from '../core/token-service.js';
import { listOption, splitClientPath, stringOption, type Command, type Options, type Parsed } from './command.js';
import { usageOf } from './command-index.js';
import { credentialEnv, credentialUseJson } from './credential-env.js';
import { forTerminal, printJson } from './io.js';

const credentialOptions = {
  scheme: { type: 'string' },
  sub: { type: 'string' },
  ttl: { type: 'string' },
} satisfies Options;

function schemeOption(args: Parsed): Scheme | undefined {
  const value = stringOption(args, 'scheme');
  if (value === undefined) return undefined;
  if (!(SCHEMES as readonly string[]).includes(value)) {
    throw new TokendeckError('USAGE', `--scheme must be one of ${SCHEMES.join(', ')}, not "${value}".`);
  }
  return value as Scheme;
}

function tokenRequest(args: Parsed): TokenRequest {
  const path = splitClientPath(args.positionals[0]!);
  const ttl = stringOption(args, 'ttl');
  const sub = stringOption(args, 'sub');
  // Refused here, before the lookup whose "not an integration user" message would quote it.
  if (sub !== undefined) checkPlainText(sub, '--sub');
  return {
    org: path.org,
    client: path.client,
    scheme: schemeOption(args),
    sub,
    ttlSeconds: ttl === undefined ? undefined : parseDuration(ttl),
  };
}

function credentialJson(credential: IssuedCredential) {
  return {
    scheme: credential.scheme,
    token: credential.token,
    ...credentialUseJson(credential),
    issuedAt: isoTime(credential.issuedAt),
    expiresAt: isoTime(credential.expiresAt),
  };
}

const token: Command = {
  usage: usageOf('token'),
  positionals: 1,
  options: { ...credentialOptions, fresh: { type: 'boolean' }, json: { type: 'boolean' }, copy: { type: 'boolean' } },
  async run(args, { io, tokens, core }) {
    const request = { ...tokenRequest(args), fresh: args.values.fresh === true };
    if (args.values.copy) {
      // Loaded here: printing a token needs neither the clipboard nor the hand-outs list.
      const [{ copyToken }, { copySecretToClipboard }] = await Promise.all([import('../core/operations.js'), import('./clipboard.js')]);
      const copied = await copyToken(await core(), { copy: (secret) => copySecretToClipboard(secret, io.env) }, request);
      const expiry = copied.expiresAt ? `, expires ${copied.expiresAt}` : '';
      io.stderr.write(`Copied the ${copied.scheme} credential${expiry}. The clipboard is cleared in ${copied.clearsInMs / 1000} s if it still holds it.\n`);
      return;
    }
    const credential = await tokens().credential(request);
    if (args.values.json) return printJson(io, credentialJson(credential));
    io.stdout.write(`${forTerminal(credential.token)}\n`);
  },
};

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
    return await fs.readFile(file, 'utf8');
  } catch (error) {
    throw new TokendeckError('VALIDATION', `Invalid --data-file: cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? 'error'}).`);
  }
}

const request: Command = {
  usage: usageOf('request'),
  positionals: 3,
  options: {
    ...credentialOptions,
    header: { type: 'string', short: 'H', multiple: true },
    data: { type: 'string' },
    'data-file': { type: 'string' },
    json: { type: 'boolean' },
    'allow-any-origin': { type: 'boolean' },
  },
  async run(args, { io, vault, tokens }) {
    const { org, client, scheme, sub, ttlSeconds } = tokenRequest(args);
    // Loaded here: only this command sends a request with the credential (`token` never does).
    const { sendAuthorized } = await import('../core/authorized-request.js');
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
    if (result.retriedWithFreshToken) io.stderr.write('The cached token was rejected (401); sent again with a fresh one.\n');
    if (response.truncated) io.stderr.write('The response body was cut at the size limit.\n');
    const text = new TextDecoder().decode(response.body);
    if (args.values.json) {
      return printJson(io, {
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
    }
    const head = [`HTTP ${response.status} ${response.statusText}`, ...response.headers.map(([name, value]) => `${name}: ${value}`)];
    io.stdout.write(`${head.map((line) => forTerminal(line)).join('\n')}\n\n`);
    // The body byte for byte into a pipe or file (it may be an image); shown, not obeyed, on a terminal.
    io.stdout.write(io.stdout.isTTY ? forTerminal(text, true) : response.body);
    if (text.length > 0 && !text.endsWith('\n')) io.stdout.write('\n');
  },
};

const exec: Command = {
  usage: usageOf('exec'),
  positionals: 1,
  passthrough: true,
  options: credentialOptions,
  async run(args, { io, tokens }) {
    const credential = await tokens().credential(tokenRequest(args));
    const [command, ...commandArgs] = args.rest as [string, ...string[]];
    // Loaded here: the other commands never start a process.
    const { spawn } = await import('node:child_process');
    return new Promise<number>((resolve) => {
      const child = spawn(command, commandArgs, {
        stdio: 'inherit',
        env: credentialEnv(io.env, credential),
      });
      child.on('error', (error) => {
        io.stderr.write(`tokendeck: could not run ${command}: ${(error as NodeJS.ErrnoException).code ?? error.message}\n`);
        resolve(127);
      });
      child.on('exit', (code, signal) => {
        const signalNumber = signal ? (osConstants.signals as Record<string, number>)[signal] ?? 0 : 0;
        resolve(code ?? 128 + signalNumber);
      });
    });
  },
};

export const tokenCommands: Record<string, Command> = { token, request, exec };
