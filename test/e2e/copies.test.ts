// What a copy says it copies, end to end in Chromium with the real X clipboard: "Copy token"
// reuses a valid cached token and says so, "New token" makes one now, "Copy header" and the
// palette's Shift+Enter put the whole Authorization line on the clipboard. Every copy is made by
// main (the harness records what main's clipboard got): a key's public half, and a new token in
// place of an expired one.
import { describe, expect, it } from 'vitest';
import { publicJwk } from '../../main/core/signing-keys.js';
import { useDeckPage } from '../support/deck-page.js';

const deck = useDeckPage();
const notice = () => deck.page.getByRole('status').filter({ hasText: 'Copied' });

describe('copying a token', () => {
  it('"Copy token" reuses the cached one and says so; "New token" exchanges now; "Copy header" copies the whole line', async () => {
    await deck.page.getByRole('navigation', { name: 'Vault' }).getByRole('treeitem', { name: 'moodmap/prod' }).click();
    const issued = deck.world.musimap.issued;

    await deck.page.getByRole('button', { name: 'Copy bearer token' }).click();
    await expect.poll(() => notice().textContent()).toMatch(/^Copied bearer(?: · production credential)? — new, expires in .+ · clipboard clears in 30 s$/);
    await expect.poll(() => deck.clipboard()).toBe(issued[0]);

    await deck.page.getByRole('button', { name: 'Copy bearer token' }).click();
    await expect.poll(() => notice().textContent()).toMatch(/^Copied bearer(?: · production credential)? — cached, expires in /);
    expect(issued).toHaveLength(1);

    await deck.page.getByRole('button', { name: 'New bearer token' }).click();
    await expect.poll(() => issued.length).toBe(2);
    await expect.poll(() => deck.clipboard()).toBe(issued[1]);
    await expect.poll(() => notice().textContent()).toMatch(/^Copied bearer(?: · production credential)? — new, /);

    await deck.page.getByRole('button', { name: 'Copy bearer header' }).click();
    await expect.poll(() => deck.clipboard()).toBe(`Authorization: Bearer ${issued[1]}`);
    expect(await notice().textContent()).toMatch(/^Copied the bearer Authorization header(?: · production credential)? — cached, expires in /);
    expect(issued).toHaveLength(2);
    await deck.shoot('client-copy-header-light');
    await deck.page.emulateMedia({ colorScheme: 'dark' });
    await deck.page.setViewportSize({ width: 900, height: 600 });
    await deck.shoot('client-copy-header-900x600-dark');
  });

  it('copies the whole header from the palette with Shift+Enter', async () => {
    await deck.page.keyboard.press('Control+k');
    const palette = deck.page.getByRole('dialog', { name: 'Command palette' });
    await palette.getByLabel('Command', { exact: true }).fill('acme devtoken');
    expect(await palette.getByRole('option').first().locator('.palette-label').textContent()).toBe('Copy DevToken — acme/web');
    await deck.shoot('palette-copy-light');
    await deck.page.keyboard.press('Shift+Enter');
    await expect.poll(() => deck.clipboard()).toMatch(/^Authorization: DevToken eyJ[\w-]+\.[\w-]+\.[\w-]+$/);
    await expect.poll(() => palette.getByRole('status').textContent()).toMatch(/^Copied the devtoken Authorization header — new, expires in .* — acme\/web$/);
  });
});

describe('copies made by main, never by the page', () => {
  it("copies a signing key's public half through main, as PEM and as JWK", async () => {
    await deck.page.setViewportSize({ width: 900, height: 600 });
    await deck.page.getByRole('navigation', { name: 'Vault' }).getByRole('treeitem', { name: /^acme \(/ }).click();
    const keys = deck.page.getByRole('region', { name: 'Signing keys' });
    const key = deck.world.vault.organizationTree('acme').keys[0]!;
    await keys.getByRole('button', { name: 'Public key', exact: true }).click();
    await keys.getByRole('button', { name: 'Copy public key' }).click();
    await keys.getByRole('button', { name: 'Copied public key' }).waitFor();
    // Main read it from the vault and copied it as public text (no timed clear).
    expect(deck.harness.clipboardWrites).toEqual([{ text: key.publicKeyPem, secret: false }]);
    await expect.poll(() => deck.clipboard()).toBe(key.publicKeyPem);

    await keys.getByRole('button', { name: 'Show JWK' }).click();
    await keys.getByRole('button', { name: 'Copy JWK' }).click();
    await keys.getByRole('button', { name: 'Copied JWK' }).waitFor();
    expect(deck.harness.clipboardWrites).toHaveLength(2);
    const copied = deck.harness.clipboardWrites[1]!;
    expect(copied.secret).toBe(false);
    expect(JSON.parse(copied.text)).toEqual(publicJwk(key.publicKeyPem, key.algorithm, key.kid));
    expect(copied.text).toBe(await keys.getByLabel('Public key JWK').inputValue());
    await expect.poll(() => deck.clipboard()).toBe(copied.text);

    await keys.getByRole('button', { name: 'Copied public key' }).scrollIntoViewIfNeeded();
    await deck.shoot('keys-copy-900x600-light');
    await deck.page.emulateMedia({ colorScheme: 'dark' });
    await deck.shoot('keys-copy-900x600-dark');
  });

  it('copies a new token in place of an expired one and says so; the list counts expired tokens apart', async () => {
    const { world } = deck;
    // Three tokens that live, and two that expire three seconds after they are made.
    await world.core.tokens.credential({ org: 'acme', client: 'web', scheme: 'devtoken' });
    await world.core.tokens.credential({ org: 'acme', client: 'web', scheme: 'devtoken', sub: 'alice' });
    await world.core.tokens.credential({ org: 'partner', client: 'svc' });
    world.musimap.lifetimeMs = 3_000;
    world.oauth.expiresIn = 3;
    await world.core.tokens.credential({ org: 'moodmap', client: 'prod' });
    await world.core.tokens.credential({ org: 'partner', client: 'svc-post' });
    world.musimap.lifetimeMs = 7_200_000;
    world.oauth.expiresIn = 3600;
    const old = world.core.tokens.list().find((t) => t.org === 'moodmap')!;

    await deck.page.setViewportSize({ width: 900, height: 600 });
    const sidebarButton = deck.page.getByRole('navigation', { name: 'Vault' }).getByRole('button', { name: /^Live tokens/ });
    await sidebarButton.click();
    const counts = deck.page.getByLabel('Token counts');
    await expect.poll(() => counts.textContent(), { timeout: 10_000 }).toBe('3 live · 2 expired');
    // The sidebar counts the live ones only, like the view's heading.
    expect(await sidebarButton.locator('.count').textContent()).toBe('3');
    const row = deck.page.getByRole('row', { name: 'token moodmap/prod bearer' });
    // Dimmed: still listed (until pruned), no longer one to use.
    expect(await row.locator('.token-client').evaluate((cell) => getComputedStyle(cell).opacity)).toBe('0.55');
    await deck.shoot('tokens-expired-count-900x600-light');
    await deck.page.emulateMedia({ colorScheme: 'dark' });
    await deck.shoot('tokens-expired-count-900x600-dark');

    await row.getByRole('button', { name: 'Copy', exact: true }).click();
    const said = deck.page.getByRole('region', { name: 'Token detail' }).getByRole('status');
    await expect.poll(() => said.textContent()).toBe('Copied a new token — the old one had expired. The clipboard clears in 30 s.');
    expect(world.musimap.issued).toHaveLength(2);
    expect(deck.harness.clipboardWrites).toEqual([{ text: world.musimap.issued[1], secret: true }]);
    await expect.poll(() => deck.clipboard()).toBe(world.musimap.issued[1]);
    const made = world.core.tokens.list().find((t) => t.org === 'moodmap')!;
    expect(made.id).not.toBe(old.id);
    expect(Date.parse(made.expiresAt)).toBeGreaterThan(Math.max(Date.parse(old.expiresAt), Date.now()));
    await expect.poll(() => counts.textContent()).toBe('4 live · 1 expired');
    expect(await sidebarButton.locator('.count').textContent()).toBe('4');
    await deck.shoot('tokens-expired-copied-900x600-dark');
  });
});
