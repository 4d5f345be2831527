// Live tokens at a glance (issue 26, item 10): soonest to expire first, the expired last and counted
// apart, the warning colour in a token's last tenth, the core's words for time ("in 12 min", the
// exact moment on hover), and the hand-outs' day-before note only where it applies.
import { describe, expect, it } from 'vitest';
import { useDeckPage } from '../support/deck-page.js';
import { MUSIMAP_CLIENT } from '../support/vendors.js';

const deck = useDeckPage();

describe('live tokens', () => {
  it('are sorted by time left, the expiring one marked, the expired last and counted apart', async () => {
    const { core, vault, musimap } = deck.world;
    await vault.addClient('moodmap', { name: 'stage', environment: 'production', clientId: MUSIMAP_CLIENT.clientId }, MUSIMAP_CLIENT.secret);
    musimap.lifetimeMs = 1_000;
    await core.tokens.credential({ org: 'moodmap', client: 'stage' });
    await core.tokens.credential({ org: 'acme', client: 'web', scheme: 'devtoken', sub: 'alice' });
    await core.tokens.credential({ org: 'partner', client: 'svc' });
    // 200 s: inside the last five minutes from the start, so in its warning phase.
    musimap.lifetimeMs = 200_000;
    await core.tokens.credential({ org: 'moodmap', client: 'prod' });
    // Waits for the second-long token to be over; what is asserted is the list after.
    const gone = core.tokens.list().find((t) => t.client === 'stage')!;
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, Date.parse(gone.expiresAt) - Date.now() + 100)));
    await deck.page.reload();
    await deck.page.getByRole('heading', { name: 'Live tokens' }).waitFor();

    const table = deck.page.getByRole('table', { name: 'Tokens' });
    const rows = table.getByRole('row').filter({ hasNot: deck.page.getByRole('columnheader') });
    await expect.poll(() => rows.count()).toBe(4);
    expect(await rows.evaluateAll((all) => all.map((r) => r.getAttribute('aria-label')))).toEqual([
      'token moodmap/prod bearer',
      'token partner/svc bearer',
      'token acme/web devtoken',
      'token moodmap/stage bearer',
    ]);
    expect(await deck.page.getByLabel('Token counts').textContent()).toBe('3 live · 1 expired');

    const countdown = (name: string) => deck.page.getByRole('row', { name }).locator('.countdown');
    expect(await countdown('token moodmap/prod bearer').getAttribute('data-phase')).toBe('expiring');
    expect(await countdown('token moodmap/prod bearer').textContent()).toMatch(/^in [34] min \d+ s$/);
    expect(await countdown('token moodmap/prod bearer').getAttribute('title')).toMatch(/^expires \d{4}-\d\d-\d\d \d\d:\d\d UTC · in its last tenth/);
    expect(await countdown('token partner/svc bearer').textContent()).toMatch(/^in (59 min \d+ s|1 h)$/);
    expect(await countdown('token partner/svc bearer').getAttribute('data-phase')).toBe('fresh');
    expect(await countdown('token acme/web devtoken').textContent()).toBe('in 13 d 23 h');
    expect(await countdown('token moodmap/stage bearer').textContent()).toBe('expired');
    expect(await countdown('token moodmap/stage bearer').getAttribute('title')).toMatch(/^expired (just now|\d+ s ago), \d{4}-\d\d-\d\d \d\d:\d\d UTC$/);
    // The warning is a colour, not only a word: the expiring countdown is drawn in another colour than a fresh one.
    const colour = (name: string) => countdown(name).evaluate((el) => getComputedStyle(el).color);
    expect(await colour('token moodmap/prod bearer')).not.toBe(await colour('token partner/svc bearer'));
    await deck.shootAll('live-tokens-sorted');
  });

  it('shows the hand-outs\' day-before note only once a hand-out lives longer than a day', async () => {
    const { core } = deck.world;
    await core.tokens.credential({ org: 'partner', client: 'svc' });
    await deck.page.reload();
    await deck.page.getByRole('row', { name: 'token partner/svc bearer' }).getByRole('button', { name: 'Copy' }).click();
    const handouts = deck.page.getByRole('region', { name: 'Handed-out tokens' });
    await handouts.waitFor();
    const note = handouts.locator('p.small-text');
    expect(await note.textContent()).toBe('Tokens you copied or exported with their value.');
    expect(await handouts.getByRole('listitem').locator('.badge').textContent()).toMatch(/^expires in (59 min \d+ s|1 h)$/);

    await core.tokens.credential({ org: 'acme', client: 'web', scheme: 'devtoken', sub: 'alice' });
    await deck.page.reload();
    await deck.page.getByRole('row', { name: 'token acme/web devtoken' }).getByRole('button', { name: 'Copy' }).click();
    await expect.poll(() => handouts.getByRole('listitem').count()).toBe(2);
    await expect.poll(() => note.textContent()).toContain('You get a notification a day before each one that lives longer than a day expires.');
    // Soonest first here too: the hour-long token above the DevToken.
    expect(await handouts.getByRole('listitem').locator('strong').allTextContents()).toEqual(['partner/svc', 'acme/web']);
    expect(await handouts.getByRole('listitem').nth(1).locator('.badge').getAttribute('title')).toMatch(/^expires \d{4}-\d\d-\d\d \d\d:\d\d UTC$/);
    await deck.shootAll('live-tokens-handouts');
  });
});
