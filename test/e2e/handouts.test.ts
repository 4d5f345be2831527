// Hand-outs end to end: the same cached token copied three times is one row (and one reminder)
// that counts the copies; DevTokens for different integration users say whose they are — in the
// deck and in `tokendeck handouts`.
import { describe, expect, it } from 'vitest';
import { runTokendeck } from '../support/cli.js';
import { useDeckPage } from '../support/deck-page.js';
import { ALICE } from '../support/vendors.js';

const deck = useDeckPage();
const BOB = { label: 'bob', uuid: '0b6d3c2e-1f4a-4b5c-9d8e-7f6a5b4c3d2e' };

describe('handed-out tokens', () => {
  it('are one row per token, counting its copies, with the integration user by label', async () => {
    // A new integration user is a new signed `sub`: confirmed, as the deck's dialog would.
    const users = { integrationUsers: [ALICE, BOB] };
    await deck.world.vault.updateClient('acme', 'web', users, deck.world.vault.clientUpdateDestinationChange('acme', 'web', users));
    await deck.page.reload();
    await deck.page.getByRole('navigation', { name: 'Vault' }).getByRole('treeitem', { name: 'acme/web' }).click();
    const notice = deck.page.getByRole('status').filter({ hasText: 'Copied devtoken' });

    await deck.page.getByLabel('DevToken sub').selectOption({ label: 'alice' });
    for (const expected of ['new', 'cached', 'cached']) {
      await deck.page.getByRole('button', { name: 'Copy devtoken token' }).click();
      await expect.poll(() => notice.textContent()).toMatch(new RegExp(`^Copied devtoken — ${expected},`));
    }
    await deck.page.getByLabel('DevToken sub').selectOption({ label: 'bob' });
    await deck.page.getByRole('button', { name: 'Copy devtoken token' }).click();
    await expect.poll(() => deck.world.core.handouts.list().length).toBe(2);
    await expect.poll(() => deck.world.core.handouts.list().find((h) => h.sub === ALICE.uuid)?.copies).toBe(3);

    await deck.page.getByRole('navigation', { name: 'Vault' }).getByRole('button', { name: /Live tokens/ }).click();
    const rows = deck.page.getByRole('region', { name: 'Handed-out tokens' }).getByRole('listitem');
    await expect.poll(() => rows.count()).toBe(2);
    const texts = await rows.allTextContents();
    expect(texts.find((t) => t.includes('sub alice'))).toMatch(/acme\/webdevtoken · sub alicecopied 3 times, last .*expires in 13 d 23 h/);
    expect(texts.find((t) => t.includes('sub bob'))).toMatch(/acme\/webdevtoken · sub bobcopied (\d|just now).*expires in 13 d 23 h/);
    await deck.shoot('handouts-counted-light');
    await deck.page.emulateMedia({ colorScheme: 'dark' });
    await deck.page.setViewportSize({ width: 900, height: 600 });
    await deck.shoot('handouts-counted-900x600-dark');

    const cli = await runTokendeck(['handouts'], { env: deck.world.env });
    expect(cli.code).toBe(0);
    const lines = cli.stdout.trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines.find((l) => l.includes('sub alice'))).toMatch(/^acme\/web {2}devtoken \(KID-1\) sub alice {2}copied \d{4}-\d\d-\d\d \(3 times, last .* UTC\) {2}expires in /);
    expect(lines.find((l) => l.includes('sub bob'))).not.toContain('times');
  });
});
