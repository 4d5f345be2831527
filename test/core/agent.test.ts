// The agent's server in process (main/core/agent/): what it answers a raw peer, the approval hook,
// the stated pid, and hostile lines. The built CLI against a real `tokendeck agent` is
// test/cli/agent-cli.test.ts.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { APPROVAL_CHOICES, APPROVAL_TIMEOUT_MS, approvalText, rememberingApproval, type ApprovalChoice } from '../../main/core/agent/agent-approval.js';
import type { AgentCaller } from '../../main/core/agent/agent-caller.js';
import { agentSocketPath } from '../../main/core/agent/agent-place.js';
import { matchedSettings, MAX_REQUEST_BYTES, type AgentRequest } from '../../main/core/agent/agent-protocol.js';
import { startAgent, type RunningAgent } from '../../main/core/agent/agent-server.js';
import { runCli } from '../../main/cli/run-cli.js';
import { OTHER_USER, otherUserUid } from '../support/agent-process.js';
import { MUSICAPI_CLIENT, startVendorWorld, type VendorWorld } from '../support/vendors.js';

let world: VendorWorld;
let agent: RunningAgent | undefined;
let asked: Array<{ caller: AgentCaller; target: string }>;
let decision: boolean | undefined;

beforeAll(() => {
  otherUserUid();
});
beforeEach(async () => {
  world = await startVendorWorld();
  asked = [];
  decision = undefined;
});
afterEach(async () => {
  await agent?.close();
  agent = undefined;
  await world.close();
});

const socketPath = () => path.join(world.home, 'run', 'agent.sock');

async function start(): Promise<RunningAgent> {
  agent = await startAgent({
    socketPath: socketPath(),
    home: world.home,
    env: world.env,
    run: (argv, io) => runCli(argv, io, { vaultCore: () => world.core, core: async () => world.core }),
    ...(decision === undefined ? {} : { approve: async (caller, target) => (asked.push({ caller, target }), decision!) }),
  });
  return agent;
}

/** Sends `text` as it is and reads what comes back until the agent closes. */
function exchange(text: string | Buffer): Promise<string> {
  return new Promise((resolve, reject) => {
    let answer = '';
    const socket = net.connect(socketPath());
    socket.on('data', (chunk) => (answer += chunk));
    socket.on('close', () => resolve(answer));
    socket.on('error', (error: NodeJS.ErrnoException) => (error.code === 'EPIPE' || error.code === 'ECONNRESET' ? undefined : reject(error)));
    socket.end(text);
  });
}

const request = (fields: Partial<AgentRequest> = {}): AgentRequest => ({
  v: 1,
  argv: ['token', 'acme/web'],
  home: world.home,
  settings: matchedSettings(world.env),
  environment: '',
  pid: process.pid,
  program: 'stated program',
  stdoutIsTTY: false,
  ...fields,
});

const ask = async (fields: Partial<AgentRequest> = {}) => JSON.parse(await exchange(`${JSON.stringify(request(fields))}\n`));

describe('the agent server', () => {
  it('answers a request of this user with what the CLI prints, and "not mine" for another home, other settings or a command it does not answer', async () => {
    await start();
    expect(await ask()).toEqual({ v: 1, kind: 'answer', stdout: `${MUSICAPI_CLIENT.clientId}\n`, stderr: "Using the token scheme (the client's default); --scheme to choose another.\n", code: 0 });
    expect(await ask({ home: '/elsewhere' })).toMatchObject({ kind: 'not-mine', why: expect.stringContaining('serves the home') });
    expect(await ask({ settings: { ...matchedSettings(world.env), TOKENDECK_TIMEOUT_MS: '5' } })).toMatchObject({ kind: 'not-mine' });
    expect(await ask({ settings: { ...matchedSettings(world.env), HTTPS_PROXY: 'http://127.0.0.1:9' } })).toMatchObject({ kind: 'not-mine' });
    for (const argv of [['org', 'list'], ['token', 'acme/web', '--copy'], ['client', 'show', 'acme/web'], ['export']]) expect(await ask({ argv })).toMatchObject({ kind: 'not-mine' });
  });

  it('survives garbage, oversize lines, a wrong version and peers that hang up, and answers the next caller', async () => {
    await start();
    const notMine = { v: 1, kind: 'not-mine', why: expect.any(String) };
    for (const garbage of ['nonsense\n', '{"v":2}\n', '[]\n', 'null\n', '{"v":1,"argv":"token"}\n', `${JSON.stringify({ ...request(), pid: -1 })}\n`, '\u0000\u00ff\n', `${JSON.stringify({ ...request(), argv: Array(100).fill('x') })}\n`]) {
      expect(JSON.parse(await exchange(garbage))).toEqual(notMine);
    }
    expect(JSON.parse(await exchange(Buffer.alloc(MAX_REQUEST_BYTES + 10, 'a')))).toEqual({ ...notMine, why: 'the request is too long' });
    for (let i = 0; i < 5; i += 1) {
      const peer = net.connect(socketPath());
      peer.on('error', () => undefined);
      peer.write('{"v":1,');
      peer.destroy();
    }
    expect(await ask()).toMatchObject({ kind: 'answer', code: 0 });
  });

  it('refuses a caller that names a process of another user, or none (the pid is stated: checked in /proc)', async () => {
    await start();
    const theirs = spawn('runuser', ['-u', OTHER_USER, '--', 'sleep', '30'], { stdio: 'ignore' });
    try {
      // runuser's child is the sleep: wait for a process of the other user under it.
      let pid: number | undefined;
      for (let tries = 0; tries < 100 && pid === undefined; tries += 1) {
        await new Promise((resolve) => setTimeout(resolve, 20));
        pid = fs.readdirSync('/proc').map(Number).find((candidate) => candidate > 0 && fs.statSync(`/proc/${candidate}`, { throwIfNoEntry: false })?.uid === otherUserUid());
      }
      expect(pid).toBeDefined();
      const refused = await ask({ pid: pid! });
      expect(refused).toEqual({ v: 1, kind: 'answer', stdout: '', stderr: expect.stringMatching(/^tokendeck: AGENT_DENIED: The agent answers only processes of your own: the process it names \(pid \d+\) belongs to another user/), code: 1 });
    } finally {
      theirs.kill();
    }
    expect((await ask({ pid: 2 ** 31 - 2 })).stderr).toMatch(/is not running/);
  });
});

describe('the approval (the app asks in a dialog)', () => {
  it('shows the program read from /proc, not the stated one, with its pid and the client asked for', async () => {
    decision = true;
    await start();
    expect(await ask()).toMatchObject({ kind: 'answer', code: 0 });
    expect(asked).toEqual([{ caller: { pid: process.pid, program: expect.stringContaining(process.execPath), verified: true, parent: expect.objectContaining({ pid: process.ppid }) }, target: 'acme/web' }]);
    expect(asked[0]!.caller.program).not.toContain('stated program');
  });

  it('a denial is final: AGENT_DENIED, exit 1, saying how to allow it; nothing was run', async () => {
    decision = false;
    await start();
    const before = world.core.tokens.records().length;
    const denied = await ask({ argv: ['token', 'acme/web', '--scheme', 'devtoken'] });
    expect(denied).toEqual({ v: 1, kind: 'answer', stdout: '', stderr: expect.stringMatching(/^tokendeck: AGENT_DENIED: Tokendeck did not allow node \(pid \d+\) a token of acme\/web\. Run it again and choose "Allow"/), code: 1 });
    expect(world.core.tokens.records().length).toBe(before);
  });
});

describe('rememberingApproval (the app\'s dialog, remembered for its run)', () => {
  const caller = (pid: number, program = '/usr/bin/node /opt/tokendeck/cli/tokendeck.js', parent = '/usr/bin/bash'): AgentCaller => ({ pid, program, parent: { pid: pid - 1, program: parent }, verified: true });

  it('asks once per program at a time, remembers "Always" by program (not pid), asks again after "Allow once", and a denial denies', async () => {
    const choices: ApprovalChoice[] = ['once', 'always', 'deny'];
    const shown: string[] = [];
    const approve = rememberingApproval(async (who, target) => {
      shown.push(`${approvalText(who, target).message}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
      return choices.shift()!;
    });
    expect(await approve(caller(100), 'acme/web')).toBe(true);
    // Two callers of one program while its dialog is open: one dialog, one answer for both.
    expect(await Promise.all([approve(caller(101), 'acme/web'), approve(caller(102), 'acme/api')])).toEqual([true, true]);
    expect(await approve(caller(103), 'acme/web')).toBe(true);
    expect(shown).toEqual(['node (pid 100) asks for a token of acme/web', 'node (pid 101) asks for a token of acme/web']);
    // Another program (run by another parent) is asked about, and denied.
    expect(await approve(caller(200, '/usr/bin/node /opt/tokendeck/cli/tokendeck.js', '/usr/bin/python3 /home/me/deploy.py'), 'acme/web')).toBe(false);
    expect(shown).toHaveLength(3);
  });

  it('the dialog names the program, its pid, what started it and the client, with Deny first', () => {
    const text = approvalText(caller(300), 'acme/web');
    expect(text.message).toBe('node (pid 300) asks for a token of acme/web');
    expect(text.detail).toContain('Program: /usr/bin/node /opt/tokendeck/cli/tokendeck.js');
    expect(text.detail).toContain('Started by: /usr/bin/bash (pid 299)');
    expect(text.buttons).toEqual(['Deny', 'Allow once', 'Always for this program']);
    expect(text.detail).toContain('Not answered in 2 minutes, it is denied.');
    expect(APPROVAL_TIMEOUT_MS).toBe(120_000);
    expect(APPROVAL_CHOICES).toEqual(['deny', 'once', 'always']);
  });
});

describe('the socket\'s place', () => {
  it('leaves a runtime folder whose socket path would not fit in sun_path for the home, and refuses a path too long', async () => {
    const long = path.join(world.home, 'r'.repeat(100));
    fs.mkdirSync(long, { mode: 0o700 });
    expect(agentSocketPath({ TOKENDECK_HOME: world.home, XDG_RUNTIME_DIR: long })).toBe(path.join(world.home, 'run', 'agent.sock'));
    expect(agentSocketPath({ TOKENDECK_HOME: world.home, XDG_RUNTIME_DIR: world.home })).toBe(path.join(world.home, 'tokendeck', 'agent.sock'));
    expect(agentSocketPath({ TOKENDECK_HOME: world.home, XDG_RUNTIME_DIR: 'relative/run' })).toBe(path.join(world.home, 'run', 'agent.sock'));
    const tooLong = path.join(long, 'agent.sock');
    await expect(startAgent({ socketPath: tooLong, home: world.home, env: world.env, run: async () => 0 })).rejects.toMatchObject({
      code: 'AGENT_UNAVAILABLE',
      message: expect.stringContaining(`The agent's socket path ${tooLong} is too long for a Unix socket`),
    });
  });
});
