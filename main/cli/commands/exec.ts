// `tokendeck exec`: runs a command with a client's credential in its environment
// (TOKENDECK_TOKEN, TOKENDECK_AUTHORIZATION, and the token in each `--var NAME` the tool reads,
// e.g. GITHUB_TOKEN), and exits with its exit code. `--var`, not `--env`: `--env` picks the client.
import { listOption, type Command } from '../command.js';
import { checkedVariableNames, credentialEnv, sayIfBound } from '../credential-env.js';
import { credentialOptions, sayDefaultScheme, tokenRequest } from '../credential-options.js';

export const command: Command = {
  usage: 'exec <org>/<client> -- <command> [args...]',
  summary: 'run a command with the credential in its environment',
  description: 'the credential goes only to the child process: TOKENDECK_TOKEN, and TOKENDECK_AUTHORIZATION (the Authorization value) or, for an API key, TOKENDECK_HEADER or TOKENDECK_QUERY; --var puts the token in the variables the tool reads too',
  examples: ['tokendeck exec acme/web -- ./deploy.sh', 'tokendeck exec gh/bot --var GITHUB_TOKEN --var GH_TOKEN -- gh api /installation/repositories', 'tokendeck exec acme --env staging -- sh -c \'curl -H "Authorization: $TOKENDECK_AUTHORIZATION" https://api.acme.test/me\''],
  positionals: 1,
  passthrough: true,
  options: { ...credentialOptions, var: { type: 'string', multiple: true, value: 'NAME', description: 'an environment variable that gets the token too (repeatable), e.g. GITHUB_TOKEN; PATH, HOME, LD_* and the like are refused' } },
  async run(args, { io, vault, tokens }) {
    const names = checkedVariableNames(listOption(args, 'var'));
    const credential = await tokens().credential(tokenRequest(args, { io, vault }));
    sayDefaultScheme(io, args, credential.scheme);
    sayIfBound(io, credential);
    const [program, ...programArgs] = args.rest as [string, ...string[]];
    // Loaded here: the other commands never start a process.
    const [{ spawn }, { constants: osConstants }] = await Promise.all([import('node:child_process'), import('node:os')]);
    return new Promise<number>((resolve) => {
      const child = spawn(program, programArgs, {
        stdio: 'inherit',
        env: credentialEnv(io.env, credential, names),
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
