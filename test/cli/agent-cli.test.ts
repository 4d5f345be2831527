// `tokendeck agent` and the CLI through it, as real processes: the built CLI, the real keyring.
// That an answer came through the agent is proven by the agent's own line per answer, never by a
// timing; that it is the right answer, by the same command run without the agent.
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startAgentProcess, otherUserUid, runNodeAsOtherUser, type AgentProcess } from '../support/agent-process.js';
import { runTokendeck, type CliRun } from '../support/cli.js';
import { formsFound } from '../support/secret-forms.js';
import { MUSICAPI_CLIENT, MUSIMAP_CLIENT, OAUTH_CLIENT, startVendorWorld, type VendorWorld } from '../support/vendors.js';

let world: VendorWorld;
let agent: AgentProcess | undefined;
let otherUid: number;

beforeAll(() => {
  otherUid = otherUserUid();
});
beforeEach(async () => {
  world = await startVendorWorld();
  // Without a runtime folder the socket is the home's own (<home>/run/agent.sock): each test's
  // agent apart from any other test's. The runtime folder's place has its own test below.
  delete world.env.XDG_RUNTIME_DIR;
});
afterEach(async () => {
  await agent?.stop();
  agent = undefined;
  await world.close();
});

const socketOf = (home: string) => path.join(home, 'run', 'agent.sock');
const direct = (args: string[], env: NodeJS.ProcessEnv = world.env) => runTokendeck(args, { env: { ...env, TOKENDECK_AGENT: '0' } });
const viaAgent = (args: string[], env: NodeJS.ProcessEnv = world.env) => runTokendeck(args, { env });

/** The command through the agent (it answered: one more line in its log) and directly: the same run. */
async function sameThroughAgent(args: string[], env: NodeJS.ProcessEnv = world.env): Promise<CliRun> {
  const before = agent!.answered();
  const through = await viaAgent(args, env);
  expect(agent!.answered(), `${args.join(' ')} was not answered by the agent: ${through.stderr}`).toBe(before + 1);
  expect(through).toEqual(await direct(args, env));
  return through;
}

describe('tokendeck agent', () => {
  it('answers token exactly as the CLI does itself: a cached DevToken, --json, an unknown client, a bad flag, TOKENDECK_ENV', async () => {
    agent = await startAgentProcess(world.env);
    expect(fs.statSync(socketOf(world.home)).mode & 0o777).toBe(0o600);
    expect(fs.statSync(path.dirname(socketOf(world.home))).mode & 0o777).toBe(0o700);
    const minted = await direct(['token', 'acme/web', '--scheme', 'devtoken']);
    expect(minted.code).toBe(0);
    expect((await sameThroughAgent(['token', 'acme/web', '--scheme', 'devtoken'])).stdout).toBe(minted.stdout);
    expect((await sameThroughAgent(['token', 'acme/web'])).stdout).toBe(`${MUSICAPI_CLIENT.clientId}\n`);
    expect(JSON.parse((await sameThroughAgent(['token', 'acme/web', '--scheme', 'devtoken', '--json'])).stdout).token).toBe(minted.stdout.trim());
    const unknown = await sameThroughAgent(['token', 'acme/nobody']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/^tokendeck: NOT_FOUND: /);
    const badFlag = await sameThroughAgent(['token', 'acme/web', '--bogus']);
    expect([badFlag.code, badFlag.stderr]).toEqual([2, expect.stringMatching(/^tokendeck: USAGE: /)]);
    // The caller's environment picks the client, not the agent's.
    const staging = await sameThroughAgent(['token', 'partner'], { ...world.env, TOKENDECK_ENV: 'staging' });
    expect(staging.stderr).toMatch(/^tokendeck: VALIDATION: "partner" has 2 clients in staging/);
    const musimap = await sameThroughAgent(['token', 'moodmap/prod']);
    expect(musimap.stdout.trim()).toBe(world.musimap.issued[0]);
    expect(world.musimap.exchanges).toBe(1);
  });

  it('never answers with a secret, and records what the CLI records (the cache, no hand-out for a printed token)', async () => {
    agent = await startAgentProcess(world.env);
    const answers: CliRun[] = [];
    for (const args of [['token', 'moodmap/prod'], ['token', 'partner/svc', '--json'], ['token', 'acme/web', '--scheme', 'devtoken', '--json'], ['token', 'moodmap/prod', '--fresh']]) answers.push(await viaAgent(args));
    expect(agent.answered()).toBe(answers.length);
    const text = JSON.stringify(answers) + agent.stderr();
    for (const [secret, id] of [[MUSICAPI_CLIENT.secret, MUSICAPI_CLIENT.clientId], [MUSIMAP_CLIENT.secret, MUSIMAP_CLIENT.clientId], [OAUTH_CLIENT.secret, OAUTH_CLIENT.clientId]] as const) {
      expect(formsFound(text, secret, id)).toEqual([]);
    }
    const handouts = await direct(['handouts', '--json']);
    expect(JSON.parse(handouts.stdout)).toEqual([]);
    expect(world.core.tokens.records().map((record) => `${record.clientRef.length > 0} ${record.scheme}`).sort()).toEqual(['true bearer', 'true bearer', 'true devtoken']);
  });

  it('sees what other CLIs change meanwhile: a client removed, a client renamed', async () => {
    agent = await startAgentProcess(world.env);
    await sameThroughAgent(['token', 'acme/web']);
    expect((await direct(['client', 'rename', 'acme/web', 'site'])).code).toBe(0);
    expect((await sameThroughAgent(['token', 'acme/site'])).stdout).toBe(`${MUSICAPI_CLIENT.clientId}\n`);
    expect((await sameThroughAgent(['token', 'acme/web'])).stderr).toMatch(/NOT_FOUND/);
    expect((await direct(['client', 'remove', 'acme/site', '--yes'])).code).toBe(0);
    expect((await sameThroughAgent(['token', 'acme/site'])).code).toBe(2);
  });

  it('is not asked for what it does not answer (--copy, --help, other commands), nor with TOKENDECK_AGENT=0', async () => {
    agent = await startAgentProcess(world.env);
    expect((await viaAgent(['token', 'acme/web', '--help'])).code).toBe(0);
    expect((await viaAgent(['org', 'list'])).code).toBe(0);
    expect((await direct(['token', 'acme/web'])).code).toBe(0);
    expect(agent.answered()).toBe(0);
  });

  it('leaves another home to the CLI ("not mine")', async () => {
    agent = await startAgentProcess(world.env);
    const other = fs.mkdtempSync(path.join(os.tmpdir(), 'tokendeck-other-'));
    try {
      const env = { ...world.env, TOKENDECK_HOME: other, TOKENDECK_AGENT_SOCKET: socketOf(world.home), TOKENDECK_AGENT_DEBUG: '1' };
      const run = await viaAgent(['token', 'acme/web'], env);
      expect(run.stderr).toContain('tokendeck: agent: not answered: the agent serves the home');
      expect(run.stderr).toContain('NOT_FOUND');
      expect(agent.answered()).toBe(0);
    } finally {
      fs.rmSync(other, { recursive: true, force: true });
    }
  });

  it('killed (SIGKILL, its socket left behind): the CLI does the work itself, and the next agent replaces the socket', async () => {
    agent = await startAgentProcess(world.env);
    const expected = await direct(['token', 'acme/web', '--scheme', 'devtoken']);
    await sameThroughAgent(['token', 'acme/web', '--scheme', 'devtoken']);
    agent.child.kill('SIGKILL');
    await new Promise((resolve) => agent!.child.once('exit', resolve));
    agent = undefined;
    expect(fs.lstatSync(socketOf(world.home)).isSocket()).toBe(true);
    const fallback = await viaAgent(['token', 'acme/web', '--scheme', 'devtoken'], { ...world.env, TOKENDECK_AGENT_DEBUG: '1' });
    expect(fallback.code).toBe(0);
    expect(fallback.stdout).toBe(expected.stdout);
    expect(fallback.stderr).toContain('tokendeck: agent: not answered: no answer');
    agent = await startAgentProcess(world.env);
    await sameThroughAgent(['token', 'acme/web', '--scheme', 'devtoken']);
  });

  it('a second agent on the same socket refuses to start; --status says who answers; SIGTERM removes the socket', async () => {
    agent = await startAgentProcess(world.env);
    const second = await runTokendeck(['agent'], { env: world.env });
    expect(second.code).toBe(1);
    expect(second.stderr).toMatch(/^tokendeck: AGENT_UNAVAILABLE: Another agent already answers on /);
    expect(await viaAgent(['agent', '--status'])).toEqual({ code: 0, stdout: `An agent answers on ${socketOf(world.home)}.\n`, stderr: '' });
    expect(await agent.stop()).toBe(0);
    agent = undefined;
    expect(fs.existsSync(socketOf(world.home))).toBe(false);
    expect(await viaAgent(['agent', '--status'])).toMatchObject({ code: 1, stdout: `No agent answers on ${socketOf(world.home)}.\n` });
  });
});

describe('the agent\'s socket is the user\'s own', () => {
  it('is in $XDG_RUNTIME_DIR/tokendeck when that folder is ours, else in the home', async () => {
    const runtime = fs.mkdtempSync(path.join(os.tmpdir(), 'tokendeck-runtime-'));
    try {
      const env = { ...world.env, XDG_RUNTIME_DIR: runtime };
      agent = await startAgentProcess(env);
      expect(agent.stderr()).toContain(`answers on ${path.join(runtime, 'tokendeck', 'agent.sock')}`);
      await sameThroughAgent(['token', 'acme/web'], env);
      await agent.stop();
      // A runtime folder others can enter is not used: the home's place is.
      fs.chmodSync(runtime, 0o755);
      agent = await startAgentProcess(env);
      expect(agent.stderr()).toContain(`answers on ${socketOf(world.home)}`);
      await sameThroughAgent(['token', 'acme/web'], env);
    } finally {
      fs.rmSync(runtime, { recursive: true, force: true });
    }
  });

  it('the agent refuses a folder others can enter (0755) or another user owns', async () => {
    const folder = path.join(world.home, 'open');
    fs.mkdirSync(folder, { mode: 0o755 });
    fs.chmodSync(folder, 0o755);
    const env = { ...world.env, TOKENDECK_AGENT_SOCKET: path.join(folder, 'agent.sock') };
    const open = await runTokendeck(['agent'], { env });
    expect(open.code).toBe(1);
    expect(open.stderr).toContain(`tokendeck: AGENT_UNAVAILABLE: The agent will not serve from ${folder}: others can enter it (mode 0755)`);
    fs.chmodSync(folder, 0o700);
    fs.chownSync(folder, otherUid, otherUid);
    const theirs = await runTokendeck(['agent'], { env });
    expect(theirs.code).toBe(1);
    expect(theirs.stderr).toContain(`it belongs to another user (uid ${otherUid}`);
    expect(fs.existsSync(path.join(folder, 'agent.sock'))).toBe(false);
  });

  it('the CLI does not talk to a socket, or a folder, owned by another uid: it does the work itself', async () => {
    const folder = path.join(world.home, 'planted');
    fs.mkdirSync(folder, { mode: 0o700 });
    const socketPath = path.join(folder, 'agent.sock');
    let connections = 0;
    const open = new Set<net.Socket>();
    const planted = net.createServer((socket) => {
      connections += 1;
      open.add(socket);
      socket.end('{"v":1,"kind":"answer","stdout":"planted\\n","stderr":"","code":0}\n');
    });
    await new Promise<void>((resolve) => planted.listen(socketPath, resolve));
    try {
      const env = { ...world.env, TOKENDECK_AGENT_SOCKET: socketPath, TOKENDECK_AGENT_DEBUG: '1' };
      fs.chownSync(socketPath, otherUid, otherUid);
      const bySocket = await viaAgent(['token', 'acme/web'], env);
      expect(bySocket.stderr).toContain(`tokendeck: agent: not asked: ${socketPath}: it belongs to another user (uid ${otherUid}`);
      fs.chownSync(socketPath, 0, 0);
      fs.chownSync(folder, otherUid, otherUid);
      const byFolder = await viaAgent(['token', 'acme/web'], env);
      expect(byFolder.stderr).toContain(`tokendeck: agent: not asked: its folder ${folder}: it belongs to another user`);
      for (const run of [bySocket, byFolder]) expect([run.code, run.stdout]).toEqual([0, `${MUSICAPI_CLIENT.clientId}\n`]);
      expect(connections).toBe(0);
      // The same socket, ours again: it is asked (and so this test can fail).
      fs.chownSync(folder, 0, 0);
      const last = await viaAgent(['token', 'acme/web'], env);
      expect(last.stdout).toBe('planted\n');
      expect(connections).toBe(1);
    } finally {
      for (const socket of open) socket.destroy();
      await new Promise((resolve) => planted.close(resolve));
    }
  });

  it('a second Unix user cannot connect: EACCES at the folder (0700), and at the socket itself (0600)', async () => {
    agent = await startAgentProcess(world.env);
    // The other user must reach the folder's parent to meet the folder's own refusal.
    fs.chmodSync(world.home, 0o711);
    const connect = "const s = require('node:net').connect(process.argv[1]); s.on('connect', () => { console.log('CONNECTED'); s.destroy(); }); s.on('error', (e) => console.log(e.code));";
    try {
      expect(runNodeAsOtherUser(connect, [socketOf(world.home)]).stdout.trim()).toBe('EACCES');
      fs.chmodSync(path.dirname(socketOf(world.home)), 0o711);
      expect(runNodeAsOtherUser(connect, [socketOf(world.home)]).stdout.trim()).toBe('EACCES');
      // The same script as this user connects: the refusal is the other user's, not the script's.
      fs.chmodSync(socketOf(world.home), 0o666);
      expect(runNodeAsOtherUser(connect, [socketOf(world.home)]).stdout.trim()).toBe('CONNECTED');
    } finally {
      fs.chmodSync(path.dirname(socketOf(world.home)), 0o700);
      fs.chmodSync(world.home, 0o700);
    }
    expect(agent.answered()).toBe(0);
  });
});
