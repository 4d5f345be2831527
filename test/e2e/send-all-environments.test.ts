// "Send to all environments" in Chromium (issue 23, item 5): a Musimap organization with
// development, staging and production on three loopback hosts; one request sent to each with its
// own client, the answers side by side with the JSON diff against development, production only
// once "Include production" is ticked (and then said to be a production credential), and the
// button refused for a full URL and not offered for an organization with one environment.
import type { Locator } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { openConsole, useDeckPage } from '../support/deck-page.js';
import { addThreeEnvironments, ENV_CLIENTS, ENVIRONMENTS, seenBy } from '../support/three-environments.js';

const deck = useDeckPage();

const composer = (view: Locator) => view.getByRole('form', { name: 'Request' });
const sendAllButton = (view: Locator) => composer(view).getByRole('button', { name: 'Send to all environments' });
const answers = (view: Locator) => view.getByRole('region', { name: 'Answers by environment' });
/** The answers at the top of the window, for the screenshots. */
const showAnswers = (view: Locator) => answers(view).evaluate((element) => element.scrollIntoView({ block: 'start' }));
const column = (view: Locator, env: string) => answers(view).getByRole('article', { name: `${env} answer` });

/** Sends to all and waits for these answers: the history has the new lines once they are in. */
async function sendToAll(view: Locator): Promise<void> {
  const history = view.getByRole('tab', { name: /^History/ });
  const before = await history.textContent();
  await sendAllButton(view).click();
  await expect.poll(() => history.textContent()).not.toBe(before);
  await answers(view).waitFor();
}

describe('send to all environments', () => {
  it('sends the request to each environment with its own client and shows the answers side by side, with the JSON diff', async () => {
    const tri = await addThreeEnvironments(deck.world.vault);
    // The leak scan after the test looks for these too.
    deck.world.secrets.push(...tri.secrets);
    try {
      await deck.page.reload();
      const view = await openConsole(deck, 'tri');
      await composer(view).getByLabel('URL').fill('/v1/me');
      const options = composer(view).getByRole('group', { name: 'Send to all environments' });
      expect(await options.textContent()).toContain('production · prod-app (not included)');
      await sendToAll(view);

      expect(await column(view, 'development').getByLabel('Status').textContent()).toBe('200 OK');
      expect(await column(view, 'staging').getByLabel('Status').textContent()).toBe('200 OK');
      expect(await column(view, 'staging').locator('header').textContent()).toBe('stagingstaging-app');
      expect(await column(view, 'production').count()).toBe(0);
      expect(await answers(view).locator('.env-skipped').textContent()).toBe(
        'Not sent: production (prod-app) — production: not included. Tick "Include production" to send with its production credential.',
      );
      const differences = answers(view).getByRole('region', { name: 'Differences' });
      expect(await differences.getByRole('heading', { level: 3 }).textContent()).toBe('JSON bodies against development');
      expect(await differences.getByRole('heading', { level: 4 }).textContent()).toBe('staging: 1 added, 1 removed, 2 changed');
      expect(await differences.getByRole('list', { name: 'Differences in staging' }).getByRole('listitem').allTextContents()).toEqual([
        '~ $.data.plan "free" → "pro"',
        '− $.data.beta true',
        '~ $.data.limits.rpm 60 → 600',
        '+ $.data.limits.burst 20',
      ]);
      expect(tri.servers.production.seen).toEqual([]);
      await showAnswers(view);
      await deck.shootAll('console-all-environments');

      // Ticked, the box says what it sends.
      const include = options.getByLabel('Include production');
      await include.check();
      expect(await options.locator('.include-production').textContent()).toBe(' Include production — sends with the production credential');
      expect(await options.locator('.include-production').getAttribute('class')).toContain('on');
      await sendToAll(view);
      expect(await column(view, 'production').getByLabel('Status').textContent()).toBe('200 OK');
      expect(await column(view, 'production').locator('.badge.prod').textContent()).toBe('production credential');
      expect(await column(view, 'development').locator('.badge.prod').count()).toBe(0);
      expect(await answers(view).locator('.env-skipped').count()).toBe(0);
      expect(await answers(view).getByRole('heading', { level: 4 }).allTextContents()).toEqual(['staging: 1 added, 1 removed, 2 changed', 'production: 1 added, 1 removed, 2 changed']);
      await showAnswers(view);
      await deck.shootAll('console-all-environments-production');

      // Each environment's request went with its own credential, to its own host only.
      for (const env of ENVIRONMENTS) {
        expect(tri.servers[env].exchanges).toBe(1);
        for (const other of ENVIRONMENTS.filter((o) => o !== env)) expect(seenBy(tri.servers[env])).not.toContain(ENV_CLIENTS[other].secret);
      }
      // Each environment's send is a line of the history, with its client.
      await expect.poll(() => view.getByRole('tab', { name: /^History/ }).textContent()).toBe('History (5)');
    } finally {
      await tri.close();
    }
  });

  it('is refused for a full URL, and not offered for an organization with clients in one environment only', async () => {
    const tri = await addThreeEnvironments(deck.world.vault);
    try {
      await deck.page.reload();
      const view = await openConsole(deck, 'tri');
      await composer(view).getByLabel('URL').fill(`${tri.servers.staging.origin}/v1/me`);
      expect(await sendAllButton(view).isDisabled()).toBe(true);
      expect(await sendAllButton(view).getAttribute('title')).toMatch(/^give a path \(like \/v1\/me\), not a full URL/);
      await composer(view).getByLabel('URL').fill('v1/me');
      expect(await sendAllButton(view).isEnabled()).toBe(true);

      // One environment has nothing to compare with: neither the button nor its options are offered.
      const acme = await openConsole(deck, 'acme');
      await composer(acme).getByRole('button', { name: 'Send', exact: true }).waitFor();
      expect(await sendAllButton(acme).count()).toBe(0);
      expect(await composer(acme).getByRole('group', { name: 'Send to all environments' }).count()).toBe(0);
      for (const env of ENVIRONMENTS) expect(tri.servers[env].seen).toEqual([]);
    } finally {
      await tri.close();
    }
  });

  it('asks which client to send with where an environment has several, and says so in that column until one is chosen', async () => {
    const tri = await addThreeEnvironments(deck.world.vault);
    await deck.world.vault.addClient('tri', { name: 'staging-b', environment: 'staging', clientId: ENV_CLIENTS.production.clientId }, 'b-secret-771');
    deck.world.secrets.push(...tri.secrets, 'b-secret-771');
    try {
      await deck.page.reload();
      const view = await openConsole(deck, 'tri');
      await composer(view).getByLabel('URL').fill('/v1/me');
      const choice = composer(view).getByLabel('Client for staging');
      expect(await choice.inputValue()).toBe('');
      await sendToAll(view);
      expect(await column(view, 'staging').getByRole('alert').textContent()).toContain('Not sent to staging: it has 2 clients (staging-app, staging-b); choose the one to send with.');
      expect(tri.servers.staging.seen).toEqual([]);
      expect(await column(view, 'development').getByLabel('Status').textContent()).toBe('200 OK');
      await deck.shoot('console-all-environments-choose-client-light');

      await choice.selectOption('staging-app');
      await sendToAll(view);
      expect(await column(view, 'staging').getByLabel('Status').textContent()).toBe('200 OK');
      expect(await column(view, 'staging').locator('header').textContent()).toBe('stagingstaging-app');
    } finally {
      await tri.close();
    }
  });

  it('follows the title bar\'s environment: the client picker offers that environment\'s clients, and Send to all still reaches every environment', async () => {
    const tri = await addThreeEnvironments(deck.world.vault);
    deck.world.secrets.push(...tri.secrets);
    try {
      await deck.page.reload();
      await deck.page.getByRole('banner').getByLabel('Environment', { exact: true }).selectOption('staging');
      const view = await openConsole(deck, 'tri');
      const picker = composer(view).getByLabel('Client', { exact: true });
      await expect.poll(() => picker.inputValue()).toBe('staging-app');
      expect((await picker.locator('option').allTextContents()).join('|')).not.toMatch(/dev-app|prod-app/);
      // Sent with the picked (staging) client: only staging's host hears of it.
      await composer(view).getByLabel('URL').fill('/v1/me');
      await composer(view).getByRole('button', { name: 'Send', exact: true }).click();
      await expect.poll(() => tri.servers.staging.exchanges).toBe(1);
      expect(tri.servers.development.seen).toEqual([]);
      // The switcher narrows the picker only: "Send to all" goes to development and staging.
      await sendToAll(view);
      expect(await column(view, 'development').getByLabel('Status').textContent()).toBe('200 OK');
      expect(await column(view, 'staging').getByLabel('Status').textContent()).toBe('200 OK');
      // Back to All: every client is offered again.
      await deck.page.getByRole('banner').getByLabel('Environment', { exact: true }).selectOption({ label: 'All environments' });
      await expect.poll(async () => (await picker.locator('option').allTextContents()).join('|')).toMatch(/dev-app.*staging-app.*prod-app|prod-app.*dev-app/s);
    } finally {
      await tri.close();
    }
  });
});
