// A change to where stored secrets go is confirmed outside the page: the deck's organization and
// client edits ask main's confirmation (here a recording stand-in for its native dialog), naming
// the new host; a refusal is CANCELLED with nothing changed; no payload can skip the question;
// an organization that holds nothing is edited plainly.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ClipboardGuard } from '../../main/core/clipboard-guard.js';
import { destinationQuestionText, organizationDestinationChange, type DestinationChangeQuestion } from '../../main/core/destination-change.js';
import { createHandlers, dispatch, type Handlers } from '../../main/ipc/handlers.js';
import { startVendorWorld, type VendorWorld } from '../support/vendors.js';

let world: VendorWorld;
let handlers: Handlers;
const asked: DestinationChangeQuestion[] = [];
let answer = false;
const memory = { text: '' };
beforeEach(async () => {
  world = await startVendorWorld();
  asked.length = 0;
  answer = false;
  const clipboard = new ClipboardGuard({ writeSecret: (t) => void (memory.text = t), writeText: (t) => void (memory.text = t), readText: () => memory.text, clear: () => void (memory.text = '') });
  handlers = createHandlers(world.core, clipboard, { confirmDestinationChange: async (question) => (asked.push(question), answer) });
});
afterEach(() => world.close());

describe('editing where secrets go, in the deck', () => {
  it('a new token URL for an organization holding secrets asks main, naming the host; refused, nothing changes', async () => {
    const before = world.storeText();
    const answerOf = await dispatch(handlers, 'org.update', { org: 'partner', changes: { tokenUrl: 'https://evil.example/oauth/token' } });
    expect(answerOf).toMatchObject({ ok: false, error: { code: 'CANCELLED', message: expect.stringContaining('would now be sent to https://evil.example/oauth/token') } });
    expect(asked).toEqual([{ action: 'organization edit', changes: [expect.objectContaining({ what: 'partner', fields: ['tokenUrl'], destinations: ['https://evil.example/oauth/token'] })] }]);
    expect(destinationQuestionText(asked[0]!)).toMatchObject({ message: 'Send stored secrets to evil.example?', confirm: 'Send to evil.example' });
    expect(world.storeText()).toBe(before);
  });

  it('confirmed, the change is made', async () => {
    answer = true;
    expect(await dispatch(handlers, 'org.update', { org: 'acme', changes: { allowedOrigins: ['https://cdn.example'] } })).toMatchObject({ ok: true });
    expect(asked[0]!.changes[0]!.message).toBe("the secret of acme/web and DevTokens signed with acme's key KID-1 would now be sent to https://cdn.example");
    expect(world.vault.organization('acme').allowedOrigins).toEqual(['https://cdn.example']);
  });

  it('a client\'s auth method, scope or id asks too; other client settings do not', async () => {
    const before = world.storeText();
    expect(await dispatch(handlers, 'client.update', { org: 'partner', client: 'svc-post', changes: { oauth2: { authMethod: 'client_secret_post', scope: 'catalog:write', audience: 'https://api.partner.test' } } })).toMatchObject({
      ok: false,
      error: { code: 'CANCELLED' },
    });
    expect(asked[0]).toMatchObject({ action: 'client edit', changes: [{ what: 'partner/svc-post', fields: ['oauth2.scope'] }] });
    expect(asked[0]!.changes[0]!.message).toMatch(/the secret of partner\/svc-post would now be sent to http:\/\/127\.0\.0\.1:\d+\/oauth\/token with scope "catalog:write" \(was "catalog:read"\)/);
    expect(await dispatch(handlers, 'client.update', { org: 'partner', client: 'svc', changes: { clientId: 'other-id' } })).toMatchObject({ ok: false, error: { code: 'CANCELLED' } });
    expect(world.storeText()).toBe(before);
    asked.length = 0;
    expect(await dispatch(handlers, 'client.update', { org: 'partner', client: 'svc', changes: { autoRefresh: true, oauth2: { authMethod: 'client_secret_basic' } } })).toMatchObject({ ok: true });
    expect(asked).toEqual([]);
  });

  it('notes, catalogs and unchanged URLs ask nothing', async () => {
    const { tokenUrl, allowedOrigins } = world.vault.organization('moodmap');
    expect(await dispatch(handlers, 'org.update', { org: 'moodmap', changes: { notes: 'n', tokenUrl, allowedOrigins, catalogs: [] } })).toMatchObject({ ok: true });
    expect(asked).toEqual([]);
  });

  it('an organization holding no secret and no private key is edited plainly', async () => {
    await world.vault.addOrganization({ name: 'bare', provider: 'oauth2', tokenUrl: 'https://auth.example/token' });
    await world.vault.addClient('bare', { name: 'svc', environment: 'dev', clientId: 'c' });
    expect(await dispatch(handlers, 'org.update', { org: 'bare', changes: { tokenUrl: 'https://elsewhere.example/token' } })).toMatchObject({ ok: true });
    expect(await dispatch(handlers, 'client.update', { org: 'bare', client: 'svc', changes: { clientId: 'd' } })).toMatchObject({ ok: true });
    expect(asked).toEqual([]);
  });

  it('the page cannot skip the question: no field of the call carries a confirmation', async () => {
    const before = world.storeText();
    for (const extra of [{ confirmed: true }, { allowDestinationChange: true }]) {
      expect(await dispatch(handlers, 'org.update', { org: 'partner', changes: { tokenUrl: 'https://evil.example/t' }, ...extra })).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
      expect(await dispatch(handlers, 'setup.import', { text: '{"tokendeckSetup":1,"organizations":[]}', ...extra })).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    }
    expect(asked).toEqual([]);
    expect(world.storeText()).toBe(before);
  });

  it('with no one to ask (handlers built without the confirmation), the change is refused as DESTINATION_CHANGE', async () => {
    const unattended = createHandlers(world.core, new ClipboardGuard({ writeSecret: () => {}, writeText: () => {}, readText: () => '', clear: () => {} }));
    const before = world.storeText();
    expect(await dispatch(unattended, 'org.update', { org: 'partner', changes: { apiBaseUrl: 'https://evil.example' } })).toMatchObject({ ok: false, error: { code: 'DESTINATION_CHANGE' } });
    expect(world.storeText()).toBe(before);
  });
});

describe('how a new destination is named', () => {
  const held = { clients: [{ name: 'svc', hasSecret: true }], keys: [] };
  const org = { name: 'oa', provider: 'oauth2' as const, tokenUrl: 'https://auth.example/token', allowedOrigins: [] };

  it('as it will be contacted: a line break dropped, a look-alike Unicode host in punycode', () => {
    const split = organizationDestinationChange(org, { ...org, tokenUrl: 'https://ev\nil.example/token' }, held)!;
    expect(split.message).toBe('the secret of oa/svc would now be sent to https://evil.example/token');
    const lookalike = organizationDestinationChange(org, { ...org, tokenUrl: 'https://аuth.example/token' }, held)!;
    expect(lookalike.destinations).toEqual(['https://xn--uth-5cd.example/token']);
  });

  it('nothing held, nothing to confirm', () => {
    expect(organizationDestinationChange(org, { ...org, tokenUrl: 'https://evil.example/token' }, { clients: [{ name: 'svc', hasSecret: false }], keys: [{ kid: 'K', thumbprint: 'T', hasPrivateKey: false }] })).toBeUndefined();
  });
});
