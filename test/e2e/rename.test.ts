// Renaming in the deck (issue 26, item 6), in Chromium against the real core and keychain: the
// organization view's and the client view's "Rename…" check the new name as main does (its rule, a
// sibling's name in any case) before sending it, the view follows the new name, and what was kept
// under the old one (secrets, history, hand-outs) answers to the new.
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { MUSICAPI_CLIENT } from '../support/vendors.js';
import { useDeckPage } from '../support/deck-page.js';

const deck = useDeckPage();
const sidebar = () => deck.page.getByRole('navigation', { name: 'Vault' });

async function reload() {
  await deck.page.reload();
  await deck.page.getByRole('heading', { name: 'Live tokens' }).waitFor();
}

describe('renaming in the deck', () => {
  it('renames an organization: a taken name refused as typed, then the view, sidebar, secrets and history follow', async () => {
    const { core, vault } = deck.world;
    const request = { org: 'acme', client: 'web', method: 'GET' as const, url: '/search/introspection', query: [], headers: [], body: { kind: 'none' as const }, allowAnyOrigin: false };
    await core.requestConsole.send({ requestId: randomUUID(), request });
    await core.requestConsole.flushHistory();
    await core.handouts.record({ how: 'copied', org: 'acme', client: 'web', scheme: 'devtoken', expiresAt: new Date(Date.now() + 3600_000).toISOString() });
    await reload();

    await sidebar().getByRole('treeitem', { name: 'acme (musicapi)' }).click();
    await deck.page.getByRole('article', { name: 'Organization acme' }).getByRole('button', { name: 'Rename…' }).click();
    const form = deck.page.getByRole('form', { name: 'Rename acme' });
    const field = form.getByLabel('New name for acme');
    await field.fill('MoodMap');
    await expect.poll(() => form.getByRole('status').textContent()).toBe('"moodmap" is taken (names match in any case)');
    await expect.poll(() => form.getByRole('button', { name: 'Rename' }).isDisabled()).toBe(true);
    await field.fill('two words');
    await expect.poll(() => form.getByRole('status').textContent()).toContain('use 1-64 letters, digits');
    await field.fill('studio');
    await deck.shootAll('rename-organization');

    await form.getByRole('button', { name: 'Rename' }).click();
    await deck.page.getByRole('article', { name: 'Organization studio' }).waitFor();
    expect(await sidebar().getByRole('treeitem', { name: 'studio (musicapi)' }).count()).toBe(1);
    expect(await sidebar().getByRole('treeitem', { name: 'acme (musicapi)' }).count()).toBe(0);
    const basic = await core.tokens.credential({ org: 'studio', client: 'web', scheme: 'basic' });
    expect(Buffer.from(basic.token, 'base64').toString()).toBe(`${MUSICAPI_CLIENT.clientId}:${MUSICAPI_CLIENT.secret}`);
    expect((await core.requestConsole.history('studio')).map((e) => e.request.org)).toEqual(['studio']);
    expect(core.handouts.list().map((h) => `${h.org}/${h.client}`)).toEqual(['studio/web']);
    expect(vault.organizations().map((o) => o.name)).toEqual(['studio', 'moodmap', 'partner']);
  });

  it('renames a client: another case of its own name is a rename, a sibling\'s name is refused, the view follows', async () => {
    const { core, vault } = deck.world;
    await sidebar().getByRole('treeitem', { name: 'partner/svc', exact: true }).click();
    const view = deck.page.getByRole('article', { name: 'Client partner/svc' });
    await view.getByRole('button', { name: 'Rename…' }).click();
    const form = deck.page.getByRole('form', { name: 'Rename svc' });
    await form.getByLabel('New name for svc').fill('SVC-POST');
    await expect.poll(() => form.getByRole('status').textContent()).toBe('"svc-post" is taken (names match in any case)');
    await deck.shootAll('rename-client');
    await form.getByLabel('New name for svc').fill('svc-live');

    await form.getByRole('button', { name: 'Rename' }).click();
    await deck.page.getByRole('article', { name: 'Client partner/svc-live' }).waitFor();
    expect(await deck.page.getByRole('form', { name: /^Rename/ }).count()).toBe(0);
    expect((await core.tokens.credential({ org: 'partner', client: 'svc-live', fresh: true })).scheme).toBe('bearer');

    await deck.page.getByRole('article', { name: 'Client partner/svc-live' }).getByRole('button', { name: 'Rename…' }).click();
    await deck.page.getByLabel('New name for svc-live').fill('SVC-LIVE');
    await deck.page.getByRole('form', { name: 'Rename svc-live' }).getByRole('button', { name: 'Rename' }).click();
    await deck.page.getByRole('article', { name: 'Client partner/SVC-LIVE', exact: true }).waitFor();
    expect(vault.organizationTree('partner').clients.map((c) => c.name).sort()).toEqual(['SVC-LIVE', 'svc-post']);
  });
});
