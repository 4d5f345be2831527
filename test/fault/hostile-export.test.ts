// What a shared setup file carries must never become code: "Copy as fetch" and "Copy as curl" of a
// request whose values hold U+2028 (which ends a JavaScript `//` comment), quotes, `$(…)` or
// backticks are run for real — the fetch snippet by `node`, the curl one by `sh` against the
// stand-in — and the payload, which would create a marker file, never runs. And such a value (a
// line or paragraph separator, a control or format character) is refused where it enters: a setup
// file, the contract, the CLI — VALIDATION naming the field, nothing written.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ConsoleRequest } from '../../main/core/console/console-model.js';
import { exportSetup } from '../../main/core/setup/share-setup.js';
import { ClipboardGuard } from '../../main/core/clipboard-guard.js';
import { createHandlers, dispatch, type Handlers } from '../../main/ipc/handlers.js';
import { runShellWithTokendeck, runTokendeck } from '../support/cli.js';
import { recordCount } from '../support/fault-counts.js';
import { startVendorWorld, type VendorWorld } from '../support/vendors.js';

let world: VendorWorld;
let handlers: Handlers;
let scratch: string;
let marker: string;
beforeEach(async () => {
  world = await startVendorWorld();
  const memory = { text: '' };
  handlers = createHandlers(world.core, new ClipboardGuard({ writeSecret: (t) => void (memory.text = t), writeText: (t) => void (memory.text = t), readText: () => memory.text, clear: () => void (memory.text = '') }));
  scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'tokendeck-hostile-export-'));
  marker = path.join(scratch, 'ran');
});
afterEach(async () => {
  await world.close();
  fs.rmSync(scratch, { recursive: true, force: true });
  recordCount('fault cases', 1);
});

// Each would create the marker if it ran: JavaScript after a line separator (inside the `//`
// comment the fetch export used to write), and shell in every quoting context.
const js = () => `\u2028process.getBuiltinModule("node:fs").writeFileSync(${JSON.stringify(marker)}, "js");//`;
const shell = () => `$(touch ${marker})\`touch ${marker}\`'; touch ${marker}; '"; touch ${marker}; "`;

/** Runs node as a user would, without blocking this process (which serves the stand-in). */
function runNode(args: string[], options: { cwd: string; env: NodeJS.ProcessEnv; input?: string }): Promise<{ status: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, args, { cwd: options.cwd, env: options.env, stdio: ['pipe', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  child.stdin.end(options.input ?? '');
  return new Promise((resolve) => child.on('close', (status) => resolve({ status, stdout, stderr })));
}

/** A request as a hostile console.json or setup file could hold it: bypassing the schema, as a file from before it did. */
function hostileRequest(): ConsoleRequest {
  return {
    org: 'acme',
    client: 'web',
    scheme: 'devtoken',
    sub: `alice${js()}${shell()}`,
    method: 'POST',
    url: '/test/echo',
    query: [{ name: 'q', value: `${js()}${shell()}` }],
    headers: [{ name: 'X-Note', value: shell() }],
    body: { kind: 'raw', text: `${js()}\u2029${shell()}\n*/ ${js()}`, contentType: 'text/plain' },
    allowAnyOrigin: false,
  };
}

describe('exported code of a hostile request', () => {
  it('fetch, run by node, and curl, run by sh against the stand-in: every value arrives as data, nothing runs', async () => {
    const request = hostileRequest();

    const fetchFile = path.join(scratch, 'request.mjs');
    fs.writeFileSync(fetchFile, world.core.requestConsole.exportCode('fetch', request));
    const node = await runNode([fetchFile], { cwd: scratch, env: { ...world.env, TOKENDECK_AUTHORIZATION: 'DevToken not-a-token' } });
    expect(fs.existsSync(marker), 'the fetch snippet ran the payload').toBe(false);
    expect(node.stderr).toBe('');
    // The stand-in echoes what it got: the body byte for byte, the query decoded.
    const echoed = JSON.parse(node.stdout.slice(node.stdout.indexOf('{'))) as { body: string; query: Record<string, string> };
    expect(echoed.body).toBe(request.body.kind === 'raw' ? request.body.text : '');
    expect(echoed.query.q).toBe(request.query[0]!.value);

    const curl = world.core.requestConsole.exportCode('curl', request);
    const run = await runShellWithTokendeck(curl.replace(/^curl /m, 'curl --silent --show-error '), world.env);
    expect(fs.existsSync(marker), 'the curl snippet ran the payload').toBe(false);
    // The `tokendeck token` line refuses the sub (a line separator in it), and says which option.
    expect(run.stderr).toMatch(/VALIDATION: Invalid --sub: must be plain text: character 6 is U\+2028/);
    expect((JSON.parse(run.stdout) as { body: string }).body).toBe(request.body.kind === 'raw' ? request.body.text : '');
  });

  it('the run line is a string the fetch snippet prints when the variable is missing, never a comment', async () => {
    const code = world.core.requestConsole.exportCode('fetch', hostileRequest());
    expect(code).not.toMatch(/^\s*\/[/*]/m);
    expect(code).not.toMatch(/[\u2028\u2029]/);
    const node = await runNode(['--input-type=module', '-'], { input: code, cwd: scratch, env: { ...world.env, TOKENDECK_AUTHORIZATION: '' } });
    expect(node.status).not.toBe(0);
    expect(node.stderr).toContain('Set TOKENDECK_AUTHORIZATION first: TOKENDECK_AUTHORIZATION=\'DevToken \'"$(tokendeck token acme/web --scheme devtoken \'--sub=alice');
    expect(fs.existsSync(marker)).toBe(false);
  });

  it('a header that would split in two (a raw Content-Type from a file written before the rule) is not exported', () => {
    const request: ConsoleRequest = { ...hostileRequest(), sub: 'alice', body: { kind: 'raw', text: 'hi', contentType: 'text/plain\r\nHost: evil.example' } };
    for (const format of ['curl', 'fetch'] as const) {
      expect(() => world.core.requestConsole.exportCode(format, request)).toThrow(/VALIDATION|line break or control character/);
    }
  });

  it('curl takes a query\'s brackets and braces as data (--globoff): the credential goes out once', async () => {
    // Typed into the URL, where the parser leaves brackets and braces as they are.
    const request: ConsoleRequest = { ...hostileRequest(), sub: 'alice', url: '/test/echo?q=[1-3]{a,b}', query: [], headers: [], body: { kind: 'none' } };
    const curl = world.core.requestConsole.exportCode('curl', request);
    const run = await runShellWithTokendeck(curl.replace(/^curl /m, 'curl --silent --show-error '), world.env);
    // One answer, the query as typed (six would come back without --globoff).
    expect((JSON.parse(run.stdout) as { query: Record<string, string> }).query.q).toBe('[1-3]{a,b}');
  });
});

type Setup = { organizations: Array<Record<string, any>> };

/** The world's own setup with one value made hostile, as a file. */
function setupFile(edit: (acme: Record<string, any>) => void): string {
  const setup = JSON.parse(exportSetup(world.vault, world.core.requestConsole)) as Setup;
  edit(setup.organizations.find((o) => o.name === 'acme')!);
  const file = path.join(scratch, 'setup.json');
  fs.writeFileSync(file, JSON.stringify(setup, null, 2));
  return file;
}

const SAVED = { method: 'GET', url: '/users/me', scheme: 'devtoken', client: 'web' };

describe('a line separator, control or format character is refused where it enters', () => {
  it.each([
    ['a saved request\'s sub (U+2028)', (acme: Record<string, any>) => (acme.savedRequests = [{ name: 'Me', request: { ...SAVED, sub: 'alice\u2028x' } }]), /organizations\[\d+\]\.savedRequests\[0\]\.request\.sub: must be plain text: character 6 is U\+2028/],
    ['a saved request\'s name (U+2029)', (acme: Record<string, any>) => (acme.savedRequests = [{ name: 'M\u2029e', request: SAVED }]), /organizations\[\d+\]\.savedRequests\[0\]\.name: must be plain text: character 2 is U\+2029/],
    ['a catalog\'s name (a right-to-left override, Cf)', (acme: Record<string, any>) => (acme.catalogs = [{ name: 'fr\u202eeu', id: 'c1', visibility: 'private' }]), /organizations\[\d+\]\.catalogs\[0\]\.name: must be plain text: character 3 is U\+202E/],
    ['an agreement reference (ESC, Cc)', (acme: Record<string, any>) => (acme.agreement = { reference: 'A-1\u001b[2J', licensedProducts: [] }), /organizations\[\d+\]\.agreement\.reference: must be plain text: character 4 is U\+001B/],
    ['a saved request\'s raw Content-Type (CR LF and a second Host)', (acme: Record<string, any>) => (acme.savedRequests = [{ name: 'Post', request: { ...SAVED, method: 'POST', body: { kind: 'raw', text: 'hi', contentType: 'text/plain\r\nHost: evil.example' } } }]), /organizations\[\d+\]\.savedRequests\[0\]\.request\.body\.contentType: the value of Content-Type contains a line break or control character/],
  ])('a setup file with %s: VALIDATION naming the path, nothing written', async (_what, edit, message) => {
    const file = setupFile(edit);
    const vaultBefore = world.storeText();
    const consoleBefore = fs.existsSync(world.core.requestConsole.store.file) ? fs.readFileSync(world.core.requestConsole.store.file, 'utf8') : undefined;
    const run = await runTokendeck(['import', file], { env: world.env });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/VALIDATION/);
    expect(run.stderr).toMatch(message);
    expect(world.storeText()).toBe(vaultBefore);
    expect(fs.existsSync(world.core.requestConsole.store.file) ? fs.readFileSync(world.core.requestConsole.store.file, 'utf8') : undefined).toBe(consoleBefore);
  });

  it('a setup file with an OAuth 2.0 scope holding a right-to-left override (it would hide an added scope in the question): VALIDATION naming the path, nothing written', async () => {
    const setup = JSON.parse(exportSetup(world.vault, world.core.requestConsole)) as Setup;
    const partner = setup.organizations.find((o) => o.name === 'partner')!;
    partner.clients.find((c: Record<string, any>) => c.name === 'svc-post')!.oauth2.scope = 'catalog:read \u202eetirw:nimda';
    const file = path.join(scratch, 'setup.json');
    fs.writeFileSync(file, JSON.stringify(setup, null, 2));
    const before = world.storeText();
    const run = await runTokendeck(['import', file, '--allow-destination-change'], { env: world.env });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/VALIDATION: .*organizations\[\d+\]\.clients\[\d+\]\.oauth2\.scope: must be plain text: character 14 is U\+202E/);
    expect(world.storeText()).toBe(before);
  });

  it('the contract: a sub or a saved request name with one is VALIDATION naming the field, and nothing is saved', async () => {
    const request = { org: 'acme', client: 'web', method: 'GET', url: '/users/me', scheme: 'devtoken', sub: 'alice\u2028x' };
    const seenClient = world.vault.resolveClient('acme', 'web').client.id;
    for (const channel of ['console.export', 'console.copyExportWithCredential'] as const) {
      expect(await dispatch(handlers, channel, { format: 'fetch', request, seenClient })).toMatchObject({ ok: false, error: { code: 'VALIDATION', field: 'request.sub' } });
    }
    expect(await dispatch(handlers, 'console.send', { requestId: crypto.randomUUID(), request, seenClient })).toMatchObject({ ok: false, error: { code: 'VALIDATION', field: 'request.sub' } });
    expect(await dispatch(handlers, 'console.save', { name: 'Me', request })).toMatchObject({ ok: false, error: { code: 'VALIDATION', field: 'request.sub' } });
    expect(await dispatch(handlers, 'console.save', { name: 'Me\u200b', request: { ...request, sub: 'alice' } })).toMatchObject({ ok: false, error: { code: 'VALIDATION', field: 'name' } });
    expect(await dispatch(handlers, 'tokens.copy', { org: 'acme', client: 'web', seenClient, scheme: 'devtoken', sub: 'alice\u0085' })).toMatchObject({ ok: false, error: { code: 'VALIDATION', field: 'sub' } });
    expect(await dispatch(handlers, 'console.saved', { org: 'acme' })).toEqual({ ok: true, value: [] });
  });

  it('a console.json written before the rule still loads; its hostile saved request is refused when exported or sent', async () => {
    const request = { org: 'acme', client: 'web', scheme: 'devtoken' as const, sub: 'alice', method: 'GET' as const, url: '/users/me', query: [], headers: [], body: { kind: 'none' as const }, allowAnyOrigin: false };
    await world.core.requestConsole.save('Me', request);
    const file = world.core.requestConsole.store.file;
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('"sub": "alice"', '"sub": "alice\\u2028x"').replace('"sub":"alice"', '"sub":"alice\\u2028x"'));
    const saved = await dispatch(handlers, 'console.saved', { org: 'acme' });
    expect(saved).toMatchObject({ ok: true, value: [{ name: 'Me', request: { sub: 'alice\u2028x' } }] });
    const stored = (saved as { value: Array<{ request: Record<string, unknown> }> }).value[0]!.request;
    expect(await dispatch(handlers, 'console.export', { format: 'fetch', request: stored })).toMatchObject({ ok: false, error: { code: 'VALIDATION', field: 'request.sub' } });
    expect(await dispatch(handlers, 'console.send', { requestId: crypto.randomUUID(), request: stored, seenClient: world.vault.resolveClient('acme', 'web').client.id })).toMatchObject({ ok: false, error: { code: 'VALIDATION', field: 'request.sub' } });
    expect(fs.readdirSync(path.dirname(file)).filter((name) => name.includes('corrupt'))).toEqual([]);
  });

  it('a vault.json written before the rule, a catalog name holding one, still opens', async () => {
    const file = path.join(world.home, 'vault.json');
    const data = JSON.parse(fs.readFileSync(file, 'utf8')) as { organizations: Array<Record<string, unknown>> };
    data.organizations.find((o) => o.name === 'acme')!.catalogs = [{ name: 'fr\u2028x', id: 'c1', visibility: 'private' }];
    fs.writeFileSync(file, JSON.stringify(data));
    const listed = await runTokendeck(['org', 'list', '--json'], { env: world.env });
    expect(listed.code, listed.stderr).toBe(0);
    expect(fs.readdirSync(world.home).filter((name) => name.includes('corrupt'))).toEqual([]);
  });

  it('the CLI: --sub, --catalog and --agreement with one are VALIDATION naming the option, nothing changed', async () => {
    const before = world.storeText();
    const sub = await runTokendeck(['token', 'acme/web', '--scheme', 'devtoken', '--sub', 'alice\u2028x'], { env: world.env });
    expect(sub.code).toBe(2);
    expect(sub.stderr).toMatch(/VALIDATION: Invalid --sub: must be plain text: character 6 is U\+2028/);
    const catalog = await runTokendeck(['org', 'update', 'acme', '--catalog', 'fr\u202ex=c1:private'], { env: world.env });
    expect(catalog.code).toBe(2);
    expect(catalog.stderr).toMatch(/VALIDATION: .*catalogs\[0\]\.name: must be plain text: character 3 is U\+202E/);
    const agreement = await runTokendeck(['org', 'update', 'acme', '--agreement', 'A-1\u200e'], { env: world.env });
    expect(agreement.code).toBe(2);
    expect(agreement.stderr).toMatch(/VALIDATION: .*agreement\.reference: must be plain text: character 4 is U\+200E/);
    expect(world.storeText()).toBe(before);
  });
});
