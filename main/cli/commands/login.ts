// `tokendeck login`: a person signs in on an OAuth 2.0 user-grant client (issue 25) — in the
// browser (authorization code + PKCE, the answer on a loopback callback) or with the device flow
// (a code entered on another device). Prints who signed in and for how long; never a token.
import { relativeTime } from '../../core/duration.js';
import { isoTime } from '../../core/iso-time.js';
import type { SignInHow } from '../../core/oauth/session-flows.js';
import { clientPath, envOption } from '../client-path.js';
import { jsonOption, type Command } from '../command.js';
import { printJson, type CliIo } from '../io.js';
import { browserOpener } from '../open-browser.js';

/** Ctrl-C cancels the wait (the loopback listener or the polling) instead of killing the process mid-write. */
function cancelOnInterrupt(): { signal: AbortSignal; release: () => void } {
  const controller = new AbortController();
  const onInterrupt = () => controller.abort();
  process.once('SIGINT', onInterrupt);
  return { signal: controller.signal, release: () => process.off('SIGINT', onInterrupt) };
}

function deviceHow(io: CliIo, signal: AbortSignal): SignInHow {
  return {
    kind: 'device',
    signal,
    onCode: (code) => {
      const complete = code.verificationUriComplete ? `\nOr open ${code.verificationUriComplete} (the code is in it).` : '';
      io.stderr.write(`To sign in, open ${code.verificationUri} on any device and enter the code ${code.userCode}.${complete}\nWaiting for the approval… (Ctrl-C cancels)\n`);
    },
  };
}

export const command: Command = {
  usage: 'login <org>/<client>',
  summary: 'sign a person in (OAuth 2.0 code or device flow)',
  description: 'opens the browser for an authorization-code client; a device-code client (or --device) prints a code to enter',
  examples: ['tokendeck login acme/app', 'tokendeck login acme/app --device'],
  positionals: 1,
  options: {
    ...envOption,
    'no-browser': { type: 'boolean', description: 'print the sign-in URL instead of opening a browser' },
    device: { type: 'boolean', description: 'use the device-code flow (a code to enter on another device)' },
    ...jsonOption,
  },
  async run(args, { io, vault, tokens }) {
    const path = clientPath(args, { io, vault });
    const { client } = vault().resolveClient(path.org, path.client);
    const interrupt = cancelOnInterrupt();
    try {
      const device = args.values.device === true || client.oauth2?.grant === 'device_code';
      const how: SignInHow = device ? deviceHow(io, interrupt.signal) : { kind: 'browser', openBrowser: browserOpener(io, args.values['no-browser'] === true), signal: interrupt.signal };
      const issued = await tokens().signIn(path, how);
      const session = vault().resolveClient(path.org, path.client).client.session;
      const expiresAt = issued.expiresAt === undefined ? undefined : isoTime(issued.expiresAt);
      if (args.values.json) return printJson(io, { org: path.org, client: client.name, account: issued.account ?? null, scope: session?.scope ?? null, expiresAt: expiresAt ?? null });
      const who = issued.account ? ` as ${issued.account}` : '';
      const scope = session?.scope ? ` (scope ${session.scope})` : '';
      const expiry = expiresAt ? `; the token expires ${relativeTime(expiresAt, Date.now())}` : '';
      io.stderr.write(`Signed in on ${path.org}/${client.name}${who}${scope}${expiry}.\n`);
    } finally {
      interrupt.release();
    }
  },
};
