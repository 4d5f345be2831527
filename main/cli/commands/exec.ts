// `tokendeck exec`: runs a command with a client's credential in its environment
// (TOKENDECK_TOKEN, TOKENDECK_AUTHORIZATION), and exits with its exit code.
import type { Command } from '../command.js';
import { credentialEnv, sayIfBound } from '../credential-env.js';
import { ENV_NOTE } from '../client-path.js';
import { credentialOptions, sayDefaultScheme, tokenRequest } from '../credential-options.js';

export const command: Command = {
  usage: 'exec <org>/<client> [--env ENV] [--scheme ...] [--sub <label|uuid>] [--ttl <duration>] -- <command> [args...]',
  description: ENV_NOTE,
  positionals: 1,
  passthrough: true,
  options: credentialOptions,
  async run(args, { io, vault, tokens }) {
    const credential = await tokens().credential(tokenRequest(args, { io, vault }));
    sayDefaultScheme(io, args, credential.scheme);
    await sayIfBound(io, credential);
    const [program, ...programArgs] = args.rest as [string, ...string[]];
    // Loaded here: the other commands never start a process.
    const [{ spawn }, { constants: osConstants }] = await Promise.all([import('node:child_process'), import('node:os')]);
    return new Promise<number>((resolve) => {
      const child = spawn(program, programArgs, {
        stdio: 'inherit',
        env: credentialEnv(io.env, credential),
      });
      child.on('error', (error) => {
        io.stderr.write(`tokendeck: could not run ${program}: ${(error as NodeJS.ErrnoException).code ?? error.message}\n`);
        resolve(127);
      });
      child.on('exit', (code, signal) => {
        const signalNumber = signal ? (osConstants.signals as Record<string, number>)[signal] ?? 0 : 0;
        resolve(code ?? 128 + signalNumber);
      });
    });
  },
};
