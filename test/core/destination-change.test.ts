// A change to where stored secrets go is confirmed outside the page: the deck's organization and
// client edits ask main's confirmation (here a recording stand-in for its native dialog), naming
// the new host; a refusal is CANCELLED with nothing changed; no payload can skip the question;
// an organization that holds nothing is edited plainly. The question names every new host and
// every change, however many; a default scheme moving up the ladder (public id < exchanged token <
// signed token < the secret itself) and a change of what a stored key signs are asked about too.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ClipboardGuard } from '../../main/core/clipboard-guard.js';
import { clientDestinationChange, destinationChangeRefused, destinationQuestionText, organizationDestinationChange, type DestinationChangeQuestion } from '../../main/core/destination-change.js';
import { presetProfile } from '../../main/core/jwt-profile.js';
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

describe('every new host and every change is named', () => {
  const held = { clients: [{ name: 'svc', hasSecret: true }], keys: [] };
  const org = { name: 'oa', provider: 'oauth2' as const, tokenUrl: 'https://auth.example/token', allowedOrigins: [] };
  const four = ['https://cdn.partner.example', 'https://files.partner.example', 'https://img.partner.example', 'https://collect.attacker.example'];

  it('four new origins: the message, the refusal and the dialog name the fourth, never "and 2 more"', () => {
    const change = organizationDestinationChange(org, { ...org, allowedOrigins: four }, held)!;
    expect(change.message).toBe('the secret of oa/svc would now be sent to https://cdn.partner.example, https://files.partner.example, https://img.partner.example and https://collect.attacker.example');
    expect(destinationChangeRefused([change], 'x').message).toContain('https://collect.attacker.example');
    const text = destinationQuestionText({ action: 'import', changes: [change] });
    expect(text.message).toBe('Send stored secrets to 4 new hosts?');
    expect(text.detail).toContain('New hosts (4):\n  cdn.partner.example\n  files.partner.example\n  img.partner.example\n  collect.attacker.example\n');
    expect(`${text.message}\n${text.detail}`).not.toMatch(/\band \d+ more\b/);
  });

  it('twelve changed organizations: each one is a line of the refusal and of the dialog', () => {
    const changes = Array.from({ length: 12 }, (_, i) => organizationDestinationChange({ ...org, name: `team-${i + 1}` }, { ...org, name: `team-${i + 1}`, tokenUrl: `https://collect${i + 1}.attacker.example/token` }, held)!);
    const refusal = destinationChangeRefused(changes, 'x').message;
    const { detail } = destinationQuestionText({ action: 'import', changes });
    for (let i = 1; i <= 12; i++) {
      expect(refusal).toContain(`the secret of team-${i}/svc would now be sent to https://collect${i}.attacker.example/token`);
      expect(detail).toContain(`• The secret of team-${i}/svc would now be sent to https://collect${i}.attacker.example/token`);
      expect(detail).toContain(`  collect${i}.attacker.example\n`);
    }
    expect(`${refusal}\n${detail}`).not.toMatch(/\band \d+ more\b/);
  });
});

describe('what a stored secret is handed out as', () => {
  const musicapi = { name: 'm', provider: 'musicapi' as const, apiBaseUrl: 'https://api.musicapi.com', allowedOrigins: [] };
  const key = { kid: 'K1', thumbprint: 'T', hasPrivateKey: true };
  const client = (defaultScheme: 'token' | 'basic' | 'devtoken', hasSecret = true) => ({ name: 'web', clientId: 'id', hasSecret, oauth2: undefined, defaultScheme });
  const change = (from: 'token' | 'basic' | 'devtoken', to: 'token' | 'basic' | 'devtoken', hasSecret = true, keys = [key]) =>
    clientDestinationChange(musicapi, client(from, hasSecret), { clientId: 'id', oauth2: undefined, defaultScheme: to }, { clients: [{ name: 'web', hasSecret }], keys });

  it('up the ladder is a destination change: token to devtoken, token to basic, devtoken to basic', () => {
    expect(change('token', 'basic')).toMatchObject({ what: 'm/web', fields: ['defaultScheme'], destinations: [], message: 'every default copy, token and exec of m/web would now hand out basic: base64 of client id:secret, from the secret of m/web (was token: the public client id)' });
    expect(change('token', 'devtoken')!.message).toBe("every default copy, token and exec of m/web would now hand out devtoken: a DevToken signed by a stored key, from m's key K1 (was token: the public client id)");
    expect(change('devtoken', 'basic')!.fields).toEqual(['defaultScheme']);
  });

  it('down the ladder, or up to a credential not held here, is not', () => {
    expect(change('basic', 'token')).toBeUndefined();
    expect(change('basic', 'devtoken')).toBeUndefined();
    expect(change('token', 'basic', false)).toBeUndefined();
    expect(change('token', 'devtoken', true, [])).toBeUndefined();
  });

  it('the deck\'s client edit asks main, words from the core; refused, nothing changes', async () => {
    const before = world.storeText();
    expect(await dispatch(handlers, 'client.update', { org: 'acme', client: 'web', changes: { defaultScheme: 'basic' } })).toMatchObject({ ok: false, error: { code: 'CANCELLED', message: expect.stringContaining('would now hand out basic: base64 of client id:secret, from the secret of acme/web') } });
    expect(asked).toMatchObject([{ action: 'client edit', changes: [{ what: 'acme/web', fields: ['defaultScheme'] }] }]);
    expect(destinationQuestionText(asked[0]!)).toMatchObject({ message: 'Change what stored secrets and keys are used for?', confirm: 'Confirm the change' });
    expect(world.storeText()).toBe(before);
  });
});

describe('what a MusicAPI key signs for a client: its DevTokens\' sub and lifetime', () => {
  const other = '0b9e7d1c-2f3a-4b5c-8d6e-7f8091a2b3c4';

  it('the deck\'s client edit pointing a user at another UUID, adding one, or a longer lifetime asks main; refused, nothing changes', async () => {
    const before = world.storeText();
    expect(await dispatch(handlers, 'client.update', { org: 'acme', client: 'web', changes: { integrationUsers: [{ label: 'alice', uuid: other }, { label: 'bob', uuid: other }], devtokenTtlSeconds: 30 * 86_400 } })).toMatchObject({
      ok: false,
      error: { code: 'CANCELLED' },
    });
    expect(asked[0]).toMatchObject({ action: 'client edit', changes: [{ what: 'acme/web', fields: ['integrationUsers', 'devtokenTtlSeconds'], destinations: [] }] });
    expect(asked[0]!.changes[0]!.message).toBe(
      `acme's key KID-1 would now sign DevTokens of acme/web with integration user "alice" "${other}" (was "8d883178-9585-482e-bb4b-0c85736edc2d"), integration user "bob" "${other}" (was none), DevToken lifetime 2592000 s (was 1209600 s)`,
    );
    expect(destinationQuestionText(asked[0]!)).toMatchObject({ message: 'Change what stored secrets and keys are used for?' });
    expect(world.storeText()).toBe(before);
    answer = true;
    expect(await dispatch(handlers, 'client.update', { org: 'acme', client: 'web', changes: { integrationUsers: [{ label: 'alice', uuid: other }] } })).toMatchObject({ ok: true });
    expect(world.vault.resolveClient('acme', 'web').client.integrationUsers).toEqual([{ label: 'alice', uuid: other }]);
  });

  it('a user removed, the same UUID in other letter case, or a shorter lifetime asks nothing', async () => {
    expect(await dispatch(handlers, 'client.update', { org: 'acme', client: 'web', changes: { integrationUsers: [{ label: 'ALICE', uuid: '8D883178-9585-482E-BB4B-0C85736EDC2D' }], devtokenTtlSeconds: 600 } })).toMatchObject({ ok: true });
    expect(await dispatch(handlers, 'client.update', { org: 'acme', client: 'web', changes: { integrationUsers: [] } })).toMatchObject({ ok: true });
    expect(asked).toEqual([]);
  });

  it('without a private key nothing is signed, so nothing is asked', () => {
    const org = { name: 'm', provider: 'musicapi' as const, apiBaseUrl: 'https://api.musicapi.com', allowedOrigins: [] };
    const client = { name: 'web', clientId: 'id', hasSecret: false, oauth2: undefined, integrationUsers: [] };
    const after = { ...client, integrationUsers: [{ label: 'bob', uuid: other }], devtokenTtlSeconds: 30 * 86_400 };
    expect(clientDestinationChange(org, client, after, { clients: [{ name: 'web', hasSecret: false }], keys: [{ kid: 'K', thumbprint: 'T', hasPrivateKey: false }] })).toBeUndefined();
  });
});

describe('a client value is named whole', () => {
  it('a long scope with an added scope at its end: the message and the dialog show all of it', () => {
    const org = { name: 'oa', provider: 'oauth2' as const, tokenUrl: 'https://auth.example/token', allowedOrigins: [] };
    const was = Array.from({ length: 12 }, (_, i) => `catalog:read-${i}`).join(' ');
    const now = `${was} admin:write`;
    const client = { name: 'svc', clientId: 'id', hasSecret: true, oauth2: { authMethod: 'client_secret_basic' as const, scope: was } };
    const change = clientDestinationChange(org, client, { ...client, oauth2: { ...client.oauth2, scope: now } }, { clients: [{ name: 'svc', hasSecret: true }], keys: [] })!;
    expect(change.message).toBe(`the secret of oa/svc would now be sent to https://auth.example/token with scope ${JSON.stringify(now)} (was ${JSON.stringify(was)})`);
    expect(destinationQuestionText({ action: 'client edit', changes: [change] }).detail).toContain('admin:write');
  });
});

describe('what a stored private key signs', () => {
  it('a new exchange names the host the assertion would be posted to: the token URL, or GitHub\'s API URL', () => {
    const held = { clients: [], keys: [{ kid: 'K', thumbprint: 'T', hasPrivateKey: true }] };
    const org = { name: 'sa', provider: 'jwt' as const, apiBaseUrl: 'https://ghe.example.com/api/v3', tokenUrl: 'https://idp.example/token', allowedOrigins: [], jwt: presetProfile('custom') };
    const bearer = organizationDestinationChange(org, { ...org, jwt: { ...presetProfile('custom'), exchange: 'jwt-bearer' } }, held)!;
    expect(bearer).toMatchObject({ fields: ['jwt.exchange'], destinations: ['https://idp.example/token'] });
    expect(bearer.message).toBe("tokens signed with sa's key K would now be sent to https://idp.example/token; sa's key K would now sign with exchange jwt-bearer (was none)");
    expect(destinationQuestionText({ action: 'organization edit', changes: [bearer] }).message).toBe('Send stored secrets to idp.example?');
    const github = organizationDestinationChange(org, { ...org, jwt: { ...presetProfile('custom'), exchange: 'github-installation' } }, held)!;
    expect(github.destinations).toEqual(['https://ghe.example.com/api/v3']);
    expect(destinationQuestionText({ action: 'organization edit', changes: [github] }).message).toBe('Send stored secrets to ghe.example.com?');
    expect(organizationDestinationChange({ ...org, jwt: { ...presetProfile('custom'), exchange: 'jwt-bearer' } }, org, held)!.destinations).toEqual([]);
    // Environments with token URLs of their own: each is named, not only the organization's.
    const environments = [
      { name: 'development', production: false },
      { name: 'production', production: true, tokenUrl: 'https://idp.prod.example/token' },
    ];
    const everywhere = organizationDestinationChange({ ...org, environments }, { ...org, environments, jwt: { ...presetProfile('custom'), exchange: 'jwt-bearer' } }, held)!;
    expect(everywhere.destinations).toEqual(['https://idp.example/token', 'https://idp.prod.example/token']);
    expect(destinationQuestionText({ action: 'organization edit', changes: [everywhere] }).message).toBe('Send stored secrets to idp.example and idp.prod.example?');
  });

  it('a profile edit of a signed-JWT organization holding a key asks main, naming each claim from what to what', async () => {
    await world.vault.addOrganization({ name: 'sa', provider: 'jwt', jwt: presetProfile('custom'), apiBaseUrl: 'https://api.sa.example' });
    await world.vault.generateKey('sa', 'sa-key-1');
    const before = world.storeText();
    const jwt = { ...presetProfile('custom'), aud: 'https://collect.attacker.example', ttlSeconds: 86_400 };
    expect(await dispatch(handlers, 'org.update', { org: 'sa', changes: { jwt } })).toMatchObject({ ok: false, error: { code: 'CANCELLED' } });
    expect(asked[0]!.changes[0]).toMatchObject({
      what: 'sa',
      fields: ['jwt.aud', 'jwt.ttlSeconds'],
      message: 'sa\'s key sa-key-1 would now sign with aud "https://collect.attacker.example" (was none), lifetime 86400 s (was 3600 s)',
    });
    expect(world.storeText()).toBe(before);
    answer = true;
    expect(await dispatch(handlers, 'org.update', { org: 'sa', changes: { jwt } })).toMatchObject({ ok: true });
    expect(world.vault.organization('sa').jwt!.aud).toBe('https://collect.attacker.example');
  });

  it('a shorter lifetime, or a profile without a private key, asks nothing', async () => {
    await world.vault.addOrganization({ name: 'sa', provider: 'jwt', jwt: presetProfile('custom'), apiBaseUrl: 'https://api.sa.example' });
    expect(await dispatch(handlers, 'org.update', { org: 'sa', changes: { jwt: { ...presetProfile('custom'), aud: 'x' } } })).toMatchObject({ ok: true });
    await world.vault.generateKey('sa', 'sa-key-1');
    expect(await dispatch(handlers, 'org.update', { org: 'sa', changes: { jwt: { ...presetProfile('custom'), aud: 'x', ttlSeconds: 600 } } })).toMatchObject({ ok: true });
    expect(asked).toEqual([]);
  });
});
