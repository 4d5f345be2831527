// The token cache and the refresh scheduler: reuse until the margin, single flight, values
// encrypted at rest, shared with the CLI, discard on 401, events and auto-refresh.
import { decodeJwt } from 'jose';
import { afterEach, describe, expect, it } from 'vitest';
import { sendAuthorized } from '../../main/core/authorized-request.js';
import { RefreshScheduler } from '../../main/core/refresh-scheduler.js';
import type { TokenEvent } from '../../main/core/token-events.js';
import { runTokendeck } from '../support/cli.js';
import { readAllFiles } from '../support/sandbox.js';
import { startVendorWorld, type VendorWorld } from '../support/vendors.js';

let world: VendorWorld | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

/** A clock the test moves by hand. */
function manualClock(start = Date.now()) {
  let now = start;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

describe('token cache', () => {
  it('reuses a token until the margin before expiry, then replaces it', async () => {
    const clock = manualClock();
    world = await startVendorWorld({ now: clock.now, reuseMarginMs: 60_000 });
    const first = await world.core.tokens.credential({ org: 'partner', client: 'svc' });
    expect(first.fromCache).toBe(false);
    clock.advance(3_600_000 - 61_000);
    const reused = await world.core.tokens.credential({ org: 'partner', client: 'svc' });
    expect(reused).toMatchObject({ fromCache: true, token: first.token, tokenId: first.tokenId });
    clock.advance(2_000);
    const replaced = await world.core.tokens.credential({ org: 'partner', client: 'svc' });
    expect(replaced.fromCache).toBe(false);
    expect(replaced.token).not.toBe(first.token);
    expect(world.oauth.exchanges).toBe(2);
    expect(world.core.tokens.records()).toHaveLength(1);
  });

  it('makes a new one on --fresh even when the cached one is good', async () => {
    world = await startVendorWorld();
    const first = await world.core.tokens.credential({ org: 'moodmap', client: 'prod' });
    const fresh = await world.core.tokens.credential({ org: 'moodmap', client: 'prod', fresh: true });
    expect(fresh.token).not.toBe(first.token);
    expect(world.musimap.exchanges).toBe(2);
  });

  it('keeps DevTokens of different sub or lifetime apart', async () => {
    world = await startVendorWorld();
    const plain = await world.core.tokens.credential({ org: 'acme', client: 'web', scheme: 'devtoken' });
    const alice = await world.core.tokens.credential({ org: 'acme', client: 'web', scheme: 'devtoken', sub: 'alice' });
    const short = await world.core.tokens.credential({ org: 'acme', client: 'web', scheme: 'devtoken', ttlSeconds: 600 });
    expect(new Set([plain.token, alice.token, short.token]).size).toBe(3);
    expect((await world.core.tokens.credential({ org: 'acme', client: 'web', scheme: 'devtoken', sub: 'alice' })).token).toBe(alice.token);
  });

  it('shares one exchange among concurrent requests for the same token', async () => {
    world = await startVendorWorld();
    world.musimap.delayMs = 150;
    const results = await Promise.all(Array.from({ length: 10 }, () => world!.core.tokens.credential({ org: 'moodmap', client: 'prod' })));
    expect(world.musimap.exchanges).toBe(1);
    expect(new Set(results.map((r) => r.token)).size).toBe(1);
  });

  it('shares one signing among concurrent DevToken requests', async () => {
    world = await startVendorWorld();
    const results = await Promise.all(Array.from({ length: 10 }, () => world!.core.tokens.credential({ org: 'acme', client: 'web', scheme: 'devtoken' })));
    expect(new Set(results.map((r) => r.token)).size).toBe(1);
    expect(world.core.tokens.records()).toHaveLength(1);
  });

  it('keeps values encrypted at rest: no token value in any file, the data key in the keychain', async () => {
    world = await startVendorWorld();
    const tokens = [
      (await world.core.tokens.credential({ org: 'moodmap', client: 'prod' })).token,
      (await world.core.tokens.credential({ org: 'acme', client: 'web', scheme: 'devtoken' })).token,
      (await world.core.tokens.credential({ org: 'partner', client: 'svc' })).token,
    ];
    const files = readAllFiles(world.home);
    for (const value of [...tokens, ...world.secrets]) expect(files).not.toContain(value);
    expect(await world.keychain.accounts()).toContain('vault/data-key');
  });

  it('is shared with the CLI: a token made in-process is the one `tokendeck token` prints', async () => {
    world = await startVendorWorld();
    const made = await world.core.tokens.credential({ org: 'moodmap', client: 'prod' });
    const run = await runTokendeck(['token', 'moodmap/prod'], { env: world.env });
    expect(run.stdout).toBe(`${made.token}\n`);
    expect(world.musimap.exchanges).toBe(1);
  });

  it('removing a client removes its cached tokens and their values', async () => {
    world = await startVendorWorld();
    const made = await world.core.tokens.credential({ org: 'moodmap', client: 'prod' });
    await world.vault.removeClient('moodmap', 'prod');
    expect(world.core.tokens.records()).toEqual([]);
    await expect(world.core.tokens.reveal(made.tokenId!)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('discards a token rejected on use (401) and retries once with a fresh one', async () => {
    world = await startVendorWorld();
    const first = await world.core.tokens.credential({ org: 'moodmap', client: 'prod' });
    world.musimap.revokeAll();
    const result = await sendAuthorized(world.vault, world.core.tokens, { org: 'moodmap', client: 'prod', method: 'GET', url: '/v1/tracks' });
    expect(result.response.status).toBe(200);
    expect(result.retriedWithFreshToken).toBe(true);
    expect(result.credential.token).not.toBe(first.token);
    expect(world.core.tokens.records().map((r) => r.id)).toEqual([result.credential.tokenId]);
  });

  it('does not retry a 401 for a token it has just made', async () => {
    world = await startVendorWorld();
    await world.vault.addClient('acme', { name: 'other', environment: 'dev', clientId: 'c0ffee00-1234-4abc-8def-0123456789ab' });
    const result = await sendAuthorized(world.vault, world.core.tokens, { org: 'acme', client: 'other', method: 'GET', url: '/search/introspection' });
    expect(result.response.status).toBe(401);
    expect(result.retriedWithFreshToken).toBe(false);
  });
});

describe('refresh scheduler', () => {
  async function scheduledWorld() {
    const clock = manualClock();
    world = await startVendorWorld({ now: clock.now });
    const events: TokenEvent[] = [];
    world.core.tokens.events.on((event) => events.push(event));
    const scheduler = new RefreshScheduler(world.vault, world.core.tokens);
    return { clock, events, scheduler, world };
  }

  it('announces expiring inside the last 10% or 5 minutes, then expired, once each', async () => {
    const { clock, events, scheduler, world } = await scheduledWorld();
    await world.core.tokens.credential({ org: 'moodmap', client: 'prod' });
    expect(events.map((e) => e.type)).toEqual(['minted']);
    clock.advance(7_200_000 * 0.89);
    await scheduler.tick();
    expect(events.map((e) => e.type)).toEqual(['minted']);
    clock.advance(7_200_000 * 0.02);
    await scheduler.tick();
    await scheduler.tick();
    expect(events.map((e) => e.type)).toEqual(['minted', 'expiring']);
    clock.advance(7_200_000 * 0.1);
    await scheduler.tick();
    expect(events.map((e) => e.type)).toEqual(['minted', 'expiring', 'expired']);
    expect(events[1]?.token).toMatchObject({ org: 'moodmap', client: 'prod', environment: 'production', scheme: 'bearer' });
    expect(JSON.stringify(events)).not.toContain(world.musimap.issued[0]);
  });

  it('refreshes an expiring token ahead of time for a client with auto-refresh on', async () => {
    const { clock, events, scheduler, world } = await scheduledWorld();
    await world.vault.updateClient('acme', 'web', { autoRefresh: true });
    const first = await world.core.tokens.credential({ org: 'acme', client: 'web', scheme: 'devtoken', sub: 'alice', ttlSeconds: 3600 });
    clock.advance(3_600_000 - 4 * 60_000);
    await scheduler.tick();
    expect(events.map((e) => e.type)).toEqual(['minted', 'expiring', 'refreshed']);
    const [record] = world.core.tokens.records();
    const refreshed = await world.core.tokens.reveal(record!.id);
    expect(refreshed).not.toBe(first.token);
    const claims = decodeJwt(refreshed);
    expect(claims.sub).toBe('8d883178-9585-482e-bb4b-0c85736edc2d');
    expect(claims.exp! - claims.iat!).toBe(3600);
  });

  it('reports a failed refresh and keeps the token it had', async () => {
    const { clock, events, scheduler, world } = await scheduledWorld();
    await world.vault.updateClient('moodmap', 'prod', { autoRefresh: true });
    const first = await world.core.tokens.credential({ org: 'moodmap', client: 'prod' });
    world.musimap.misbehave = 'server-error';
    clock.advance(7_200_000 * 0.95);
    await scheduler.tick();
    expect(events.map((e) => e.type)).toEqual(['minted', 'expiring', 'failed']);
    expect(events[2]?.error).toMatchObject({ code: 'EXCHANGE_REJECTED' });
    expect(await world.core.tokens.reveal(first.tokenId!)).toBe(first.token);
  });

  it('leaves tokens of clients without auto-refresh alone', async () => {
    const { clock, scheduler, world } = await scheduledWorld();
    await world.core.tokens.credential({ org: 'moodmap', client: 'prod' });
    clock.advance(7_200_000 * 0.95);
    await scheduler.tick();
    expect(world.musimap.exchanges).toBe(1);
  });
});
