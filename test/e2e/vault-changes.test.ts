// The window never acts on a vault it no longer has: the real `tokendeck` CLI, as its own
// process, changes the vault under the open deck (real Chromium, the harness, the real core); the
// deck follows without a manual reload, and a copy from what it showed before is refused in the
// window's words.
import { describe, expect, it } from 'vitest';
import type { Result, TokendeckApi } from '../../preload/contract.js';
import { runTokendeck } from '../support/cli.js';
import { useDeckPage } from '../support/deck-page.js';

const deck = useDeckPage();
const sidebar = () => deck.page.getByRole('navigation', { name: 'Vault' });
const cli = async (args: string[]) => {
  const run = await runTokendeck(args, { env: deck.world.env });
  expect(run, args.join(' ')).toMatchObject({ code: 0 });
};

/** `tokendeck client remove`, as a script runs it: off a terminal it needs `--yes`. */
async function removeClientWithCli(ref: string): Promise<void> {
  await cli(['client', 'remove', ref, '--yes']);
}

describe('the deck under a vault the CLI changes', () => {
  it('shows a client changed in place at once, and closes the view of a client removed, saying so', async () => {
    await sidebar().getByRole('treeitem', { name: 'acme/web' }).click();
    const view = deck.page.getByRole('article', { name: 'Client acme/web' });
    await expect.poll(() => view.locator('h2 .badge').first().textContent()).toBe('development');

    await cli(['client', 'update', 'acme/web', '--env', 'production']);
    // No reload asked by the test: main's watch tells the page, which reloads what changed.
    await expect.poll(() => view.locator('h2 .badge').first().textContent()).toBe('production');
    await expect.poll(() => sidebar().getByRole('treeitem', { name: 'acme/web' }).getAttribute('class')).toContain('production');

    await removeClientWithCli('acme/web');
    const gone = deck.page.getByRole('status', { name: 'Gone from the vault' });
    await expect.poll(() => gone.textContent()).toBe('acme/web was removed or changed outside this window (by the command line or another Tokendeck); the deck reloaded the vault.');
    await deck.page.getByRole('article', { name: 'Organization acme' }).waitFor();
    expect(await view.count()).toBe(0);
    expect(await sidebar().getByRole('treeitem', { name: 'acme/web' }).count()).toBe(0);
    await deck.shoot('vault-changed-gone-light');
    await deck.page.emulateMedia({ colorScheme: 'dark' });
    await deck.page.setViewportSize({ width: 900, height: 600 });
    await deck.shoot('vault-changed-gone-900x600-dark');

    // Choosing anything else ends the notice.
    await sidebar().getByRole('treeitem', { name: 'moodmap/prod' }).click();
    await deck.page.getByRole('article', { name: 'Client moodmap/prod' }).waitFor();
    expect(await gone.count()).toBe(0);
  });

  it('refuses a copy from the view it showed before the client was replaced, in its own words, and copies from the reloaded one', async () => {
    const { page } = deck;
    await sidebar().getByRole('treeitem', { name: 'acme/web' }).click();
    await page.getByRole('article', { name: 'Client acme/web' }).waitFor();
    // The client as the window loaded it, and something on the clipboard a copy would replace.
    const seenClient = await page.evaluate(async () => {
      const { tokendeck } = window as unknown as { tokendeck: TokendeckApi };
      const outline = await tokendeck.vault.outline({});
      await tokendeck.clipboard.copyText({ text: 'before the change' });
      return outline.ok ? outline.value.organizations.find((o) => o.name === 'acme')!.clients.find((c) => c.name === 'web')!.id : '';
    });
    await expect.poll(() => deck.clipboard()).toBe('before the change');

    // Another client under the same name: another client id (and, for another vendor account, another secret).
    const otherClientId = '7d1e2f3a-4b5c-4d6e-8f70-8192a3b4c5d6';
    await removeClientWithCli('acme/web');
    await cli(['client', 'add', 'acme/web', '--env', 'staging', '--client-id', otherClientId]);

    // The copy the old view would make (fired from the page, whether or not vault.changed landed yet).
    const refused = await page.evaluate(
      (seen) => (window as unknown as { tokendeck: TokendeckApi }).tokendeck.tokens.copy({ org: 'acme', client: 'web', seenClient: seen, scheme: 'token' }),
      seenClient,
    );
    expect(refused).toEqual({
      ok: false,
      error: { code: 'NOT_FOUND', message: 'acme/web was removed or changed outside this window — the deck has been reloaded; choose again.' },
    } satisfies Result<unknown>);
    expect(deck.clipboard()).toBe('before the change');

    // The deck reloaded on its own: its view is of the new client, and copies it.
    const view = page.getByRole('article', { name: 'Client acme/web' });
    await expect.poll(() => view.locator('h2 .badge').first().textContent()).toBe('staging');
    await view.getByRole('button', { name: 'Copy token token' }).click();
    await expect.poll(() => deck.clipboard()).toBe(otherClientId);
  });
});
