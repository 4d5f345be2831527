// `tokendeck agent`: answers `tokendeck token` from one long-lived process, for terminals without
// the app (which answers the same way while it runs). Foreground until Ctrl-C or SIGTERM, which
// remove its socket; a killed agent's socket is replaced by the next one.
import { agentSocketPath, unsafeToTalk } from '../../core/agent/agent-place.js';
import { someoneAnswers, startAgent } from '../../core/agent/agent-server.js';
import { resolveHome } from '../../core/home-path.js';
import type { Command } from '../command.js';
import { forTerminal } from '../io.js';

const STOPPING_SIGNALS = ['SIGINT', 'SIGTERM'] as const;

export const command: Command = {
  usage: 'agent',
  summary: 'answer `token` from one process, without the app',
  description:
    'keeps the vault open and answers the CLI over a socket only you can reach ($XDG_RUNTIME_DIR/tokendeck/agent.sock, else <home>/run/agent.sock): no keychain read per command. Runs until Ctrl-C. `token` asks it first and does the work itself when none answers; TOKENDECK_AGENT=0 skips it',
  examples: ['tokendeck agent', '# in the background, without a line per answer', 'tokendeck agent --quiet &', 'tokendeck agent --status'],
  positionals: 0,
  options: {
    quiet: { type: 'boolean', description: 'no line on stderr per answer' },
    status: { type: 'boolean', description: 'say whether an agent answers, and where, then stop (exit 1 when none)' },
  },
  async run(args, { io, dispatch }) {
    const socketPath = agentSocketPath(io.env);
    if (args.values.status) {
      const unsafe = process.getuid ? unsafeToTalk(socketPath, process.getuid()) : 'no Unix sockets here';
      const answers = !unsafe && (await someoneAnswers(socketPath));
      // Why the CLI would not talk to it, when that is more than its absence.
      const why = unsafe && !unsafe.endsWith('it does not exist') ? ` (${unsafe})` : '';
      io.stdout.write(forTerminal(answers ? `An agent answers on ${socketPath}.` : `No agent answers on ${socketPath}${why}.`) + '\n');
      return answers ? 0 : 1;
    }
    const agent = await startAgent({
      socketPath,
      home: resolveHome(io.env),
      env: io.env,
      run: dispatch,
      onServed: (caller, argv, code) => {
        if (!args.values.quiet) io.stderr.write(`Answered \`token ${argv[1] ?? ''}\` for ${caller.program} (pid ${caller.pid}): exit ${code}.\n`);
      },
    });
    io.stderr.write(`The Tokendeck agent answers on ${socketPath} (pid ${process.pid}). Ctrl-C stops it.\n`);
    // `on`, not `once`: the vault's lock release (file-lock.ts) sends the signal again, which must
    // find this listener still there rather than end the process before the socket is removed.
    await new Promise<void>((resolve) => {
      for (const signal of STOPPING_SIGNALS) process.on(signal, () => resolve());
    });
    await agent.close();
    for (const signal of STOPPING_SIGNALS) process.removeAllListeners(signal);
    io.stderr.write('The Tokendeck agent stopped.\n');
  },
};
