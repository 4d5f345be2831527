// The request console end to end in Chromium, against the vendor stand-ins: every scheme, a
// redirect, a timeout and a cancel, the 401 retry offer, refusals before sending, the response
// views, saved requests, history without secrets, and the curl export run for real.
import fs from 'node:fs';
import type { Locator } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { runShellWithTokendeck } from '../support/cli.js';
import { openConsole as openDeckConsole, useDeckPage } from '../support/deck-page.js';
import { ALICE, MUSICAPI_CLIENT } from '../support/vendors.js';

const deck = useDeckPage();

const openConsole = (org: string) => openDeckConsole(deck, org);

const composer = (view: Locator) => view.getByRole('form', { name: 'Request' });
const response = (view: Locator) => view.getByRole('region', { name: 'Response' });
const status = (view: Locator) => response(view).locator('.response-status .status');
const historyTab = (view: Locator) => view.getByRole('tab', { name: /^History/ });

/** Sends, and waits until the request is in the history the view shows (so it has ended). */
async function sendAndWait(view: Locator, button = composer(view).getByRole('button', { name: 'Send' })): Promise<void> {
  const before = await historyTab(view).textContent();
  await button.click();
  await expect.poll(() => historyTab(view).textContent()).not.toBe(before).catch(async (error) => {
    await deck.shoot('debug-send');
    throw error;
  });
  await view.getByText('Sending…').waitFor({ state: 'detached' });
}

describe('the request console', () => {
  it('sends with Token, Basic and DevToken, follows a redirect, and shows the response', async () => {
    const view = await openConsole('acme');
    await view.getByLabel('Preset').selectOption({ label: 'MusicAPI introspection (Token)' });
    expect(await composer(view).getByLabel('URL').inputValue()).toBe('/search/introspection');
    await sendAndWait(view);
    expect(await status(view).textContent()).toBe('200 OK');
    const tree = response(view).getByLabel('JSON response');
    expect(await tree.textContent()).toContain(`"${MUSICAPI_CLIENT.clientId}"`);
    await response(view).getByLabel('Search the response').fill('token');
    expect(await response(view).getByRole('status').first().textContent()).toMatch(/\d+ match/);

    await composer(view).getByLabel('URL').fill('/users/me');
    await composer(view).getByLabel('Scheme').selectOption('basic');
    await sendAndWait(view);
    expect(await status(view).textContent()).toBe('200 OK');
    expect(await response(view).textContent()).toContain('"basic"');

    await composer(view).getByLabel('Scheme').selectOption('devtoken');
    await composer(view).getByLabel('DevToken sub').selectOption('alice');
    await sendAndWait(view);
    expect(await response(view).textContent()).toContain(ALICE.uuid);
    expect(await response(view).getByLabel('Timing').textContent()).toContain('first byte');
    await deck.shoot('console-light');

    await composer(view).getByLabel('URL').fill('/redirect/loop?hops=2');
    await composer(view).getByLabel('Scheme').selectOption('token');
    await sendAndWait(view);
    expect(await status(view).textContent()).toBe('200 OK');
    expect(await response(view).textContent()).toContain('2 redirects');

    // Headers, query and a JSON body reach the server as composed.
    await composer(view).getByLabel('URL').fill('/test/echo');
    await composer(view).getByLabel('Method').selectOption('POST');
    await composer(view).getByRole('tab', { name: /Query/ }).click();
    await composer(view).getByRole('button', { name: '+ Query parameter' }).click();
    await composer(view).getByLabel('Query parameters 1 name').fill('q');
    await composer(view).getByLabel('Query parameters 1 value').fill('calm');
    await composer(view).getByRole('tab', { name: /Body/ }).click();
    await composer(view).getByLabel('JSON').check();
    await composer(view).getByLabel('Body', { exact: true }).fill('{"mood":"calm"}');
    await composer(view).getByRole('button', { name: 'Format' }).click();
    await sendAndWait(view);
    await response(view).getByRole('tab', { name: 'Raw' }).click();
    expect(JSON.parse((await response(view).locator('pre.raw').textContent())!)).toEqual({
      method: 'POST',
      query: { q: 'calm' },
      contentType: 'application/json; charset=utf-8',
      body: '{\n  "mood": "calm"\n}',
    });

    await deck.page.emulateMedia({ colorScheme: 'dark' });
    await composer(view).getByLabel('Method').selectOption('GET');
    await composer(view).getByLabel('URL').fill('/test/image.png');
    await sendAndWait(view);
    await response(view).getByRole('img', { name: 'Response image' }).waitFor();
    await deck.shoot('console-image-dark');
  });

  it('exchanges a Musimap token, and offers one retry with a fresh token after a 401', async () => {
    const view = await openConsole('moodmap');
    await view.getByLabel('Preset').selectOption({ label: 'Musimap call with Bearer (type the endpoint)' });
    await sendAndWait(view);
    expect(await status(view).textContent()).toBe('200 OK');
    expect(deck.world.musimap.exchanges).toBe(1);

    deck.world.musimap.revokeAll();
    await sendAndWait(view);
    expect(await status(view).textContent()).toBe('401 Unauthorized');
    await sendAndWait(view, response(view).getByRole('button', { name: 'Retry once with a fresh token' }));
    expect(await status(view).textContent()).toBe('200 OK');
    expect(deck.world.musimap.exchanges).toBe(2);

    await view.getByRole('tab', { name: /History/ }).click();
    const entries = view.getByRole('list', { name: 'History' }).getByRole('listitem');
    expect(await entries.count()).toBe(3);
    expect(await entries.first().textContent()).toContain('bearer');

    // Neither the history file nor what the page was told about history holds a credential.
    await deck.world.core.requestConsole.flushHistory();
    const historyFile = fs.readFileSync(deck.world.core.requestConsole.store.file, 'utf8');
    const historyFrames = deck.harness.outbound.filter((frame) => frame.includes('"outcome"')).join('\n');
    expect(historyFrames).not.toBe('');
    for (const value of [...deck.world.musimap.issued, ...deck.world.secrets]) {
      expect(historyFile).not.toContain(value);
      expect(historyFrames).not.toContain(value);
    }
  });

  it('sends with an OAuth 2.0 client-credentials Bearer token to the API beside the token endpoint', async () => {
    const view = await openConsole('partner');
    await composer(view).getByLabel('URL').fill(`${deck.world.oauth.origin}/api/catalogs`);
    await sendAndWait(view);
    expect(await status(view).textContent()).toBe('200 OK');
    expect(await response(view).textContent()).toContain('"/api/catalogs"');
    expect(deck.world.oauth.exchanges).toBe(1);
  });

  it('shows a timeout and a cancel as such, keeping the request to send again', async () => {
    const view = await openConsole('acme');
    await composer(view).getByLabel('URL').fill('/test/slow?ms=5000');
    await composer(view).getByLabel('Timeout (s)').fill('0.5');
    await sendAndWait(view);
    expect(await view.getByRole('alert').textContent()).toContain('TIMEOUT');
    expect(await composer(view).getByLabel('URL').inputValue()).toBe('/test/slow?ms=5000');

    await composer(view).getByLabel('Timeout (s)').fill('30');
    await composer(view).getByRole('button', { name: 'Send' }).click();
    await composer(view).getByRole('button', { name: 'Cancel' }).click();
    await expect.poll(() => view.getByRole('alert').textContent()).toContain('CANCELLED');
  });

  it('refuses bad input before sending, with the message on its field', async () => {
    const view = await openConsole('acme');
    const seen = deck.world.musicapi.seen.length;
    const form = composer(view);
    const urlError = () => form.locator('.field.invalid .field-error').first().textContent();

    await form.getByLabel('URL').fill('ftp://example.com/x');
    await form.getByRole('button', { name: 'Send' }).click();
    expect(await urlError()).toContain('only http and https');

    await form.getByLabel('URL').fill('https://evil.example/steal');
    await form.getByRole('button', { name: 'Send' }).click();
    expect(await urlError()).toContain('not sent to https://evil.example');

    await form.getByLabel('URL').fill('/test/echo');
    await form.getByLabel('Method').selectOption('POST');
    await form.getByRole('tab', { name: /Body/ }).click();
    await form.getByLabel('JSON').check();
    await form.getByLabel('Body', { exact: true }).fill('{"a": ');
    await form.getByRole('button', { name: 'Send' }).click();
    expect(await urlError()).toContain('not valid JSON');

    await form.getByRole('tab', { name: /Headers/ }).click();
    await form.getByRole('button', { name: '+ Header' }).click();
    await form.getByLabel('Headers 1 name').fill('Authorization');
    await form.getByLabel('Headers 1 value').fill('Token x');
    await form.getByRole('tab', { name: /Body/ }).click();
    await form.getByLabel('Raw', { exact: true }).check();
    await form.getByRole('button', { name: 'Send' }).click();
    expect(await form.locator('.field-error').first().textContent()).toContain('Authorization is added by Tokendeck');
    expect(deck.world.musicapi.seen.length).toBe(seen);
  });

  it("clears the last send's outcome: a send refused before it leaves shows that refusal, not the earlier error", async () => {
    await deck.world.vault.addClient('acme', { name: 'nosecret', environment: 'development', clientId: '6f0a2b4c-8d1e-4f35-9a7b-0c2d4e6f8a1b' });
    await deck.page.reload();
    await deck.page.getByRole('heading', { name: 'Live tokens' }).waitFor();
    const view = await openConsole('acme');
    const form = composer(view);
    await form.getByLabel('Client').selectOption('nosecret');
    await form.getByLabel('Scheme').selectOption('basic');
    await form.getByLabel('URL').fill('/users/me');
    await sendAndWait(view);
    expect(await status(view).count()).toBe(0);
    expect(await view.getByRole('alert').textContent()).toContain('SECRET_MISSING');

    // Another client, and a URL the origin guard stops: nothing leaves, and the panel says so.
    const seen = deck.world.musicapi.seen.length;
    await form.getByLabel('Client').selectOption('web');
    await form.getByLabel('URL').fill('https://evil.example/steal');
    await form.getByLabel('URL').press('Enter');
    await expect.poll(() => view.getByRole('alert').textContent()).toContain('Not sent: the URL — ');
    expect(await view.getByRole('alert').textContent()).not.toContain('SECRET_MISSING');
    expect(deck.world.musicapi.seen.length).toBe(seen);

    // A response, then a refusal: the response goes too.
    await form.getByLabel('URL').fill('/users/me');
    await sendAndWait(view);
    expect(await status(view).textContent()).toBe('200 OK');
    await form.getByLabel('URL').fill('ftp://example.com/x');
    await form.getByLabel('URL').press('Enter');
    await expect.poll(() => view.getByRole('alert').textContent()).toContain('Not sent: the URL — ');
    expect(await status(view).count()).toBe(0);
    await deck.shoot('console-refusal-light');
    await deck.page.emulateMedia({ colorScheme: 'dark' });
    await deck.page.setViewportSize({ width: 900, height: 600 });
    await deck.shoot('console-refusal-900x600-dark');
  });

  it('copies as curl with a tokendeck line, the curl runs against the stand-in, and the real token only after a warning', async () => {
    const view = await openConsole('acme');
    const form = composer(view);
    await form.getByLabel('URL').fill('/users/me');
    await form.getByLabel('Scheme').selectOption('devtoken');
    await form.getByLabel('DevToken sub').selectOption('alice');
    await form.getByRole('button', { name: 'Copy as curl' }).click();
    const shown = await view.getByLabel('Exported curl').textContent();
    await expect.poll(() => deck.clipboard()).toBe(shown);
    expect(shown).toContain('tokendeck token acme/web --scheme devtoken --sub=alice');
    expect(shown).not.toContain('eyJ');
    const run = await runShellWithTokendeck(shown!.replace(/^curl /m, 'curl --silent --show-error '), deck.world.env);
    expect(JSON.parse(run.stdout)).toMatchObject({ auth: 'devtoken', clientId: MUSICAPI_CLIENT.clientId, sub: ALICE.uuid });

    await form.getByRole('button', { name: 'Copy with real token' }).click();
    await form.getByRole('button', { name: 'Yes, copy with real token' }).click();
    await form.getByText('WITH the real credential').waitFor();
    await expect.poll(() => deck.clipboard()).toMatch(/Authorization: DevToken eyJ[\w-]+\.[\w-]+\.[\w-]+/);
    await deck.shoot('console-export-light');
  });

  it('lays out composer, response, history and export in light and dark, and at 900×600', async () => {
    const view = await openConsole('acme');
    const form = composer(view);
    await view.getByLabel('Preset').selectOption({ label: 'MusicAPI introspection (Token)' });
    await sendAndWait(view);
    expect(await status(view).textContent()).toBe('200 OK');
    await deck.shoot('console-response-light');
    await deck.page.emulateMedia({ colorScheme: 'dark' });
    await deck.shoot('console-response-dark');
    await deck.page.setViewportSize({ width: 900, height: 600 });
    await deck.shoot('console-response-900x600-dark');
    await deck.page.emulateMedia({ colorScheme: 'light' });
    await deck.shoot('console-response-900x600-light');

    await historyTab(view).click();
    await view.getByRole('list', { name: 'History' }).waitFor();
    await form.getByRole('button', { name: 'Copy as curl' }).click();
    await view.getByLabel('Exported curl').waitFor();
    await deck.shoot('console-history-export-900x600-light');
    // Nothing of the console is pushed past the window's right edge at the narrow size.
    expect(await deck.page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
  });

  it('"Allow any origin" goes with one request: unchecked after the send and when the URL leaves for another origin', async () => {
    const view = await openConsole('acme');
    const form = composer(view);
    const anyOrigin = form.getByLabel('Allow any origin for this request');
    const elsewhere = `${deck.world.oauth.origin}/api/catalogs`;
    const seenElsewhere = () => deck.world.oauth.seen.filter((r) => r.path === '/api/catalogs').length;

    // Checked for one request to a host the organization does not name: it goes, once.
    await form.getByLabel('URL').fill(elsewhere);
    await anyOrigin.check();
    await sendAndWait(view);
    expect(await status(view).textContent()).toBe('401 Unauthorized');
    expect(seenElsewhere()).toBe(1);
    expect(await anyOrigin.isChecked()).toBe(false);

    // The next request there carries nothing: refused with SCOPE before it leaves.
    await form.getByRole('button', { name: 'Send' }).click();
    await expect.poll(() => view.getByRole('alert').textContent()).toContain(`not sent to ${deck.world.oauth.origin}`);
    expect(await view.getByRole('alert').textContent()).toContain('SCOPE');
    expect(seenElsewhere()).toBe(1);

    // Checked again: another path on the same origin keeps it; another origin unchecks it.
    await anyOrigin.check();
    await form.getByLabel('URL').fill(`${deck.world.oauth.origin}/api/other`);
    expect(await anyOrigin.isChecked()).toBe(true);
    await form.getByLabel('URL').fill('https://collect.attacker.example/x');
    expect(await anyOrigin.isChecked()).toBe(false);
    await form.getByRole('button', { name: 'Send' }).click();
    await expect.poll(() => view.getByRole('alert').textContent()).toContain('not sent to https://collect.attacker.example');

    // A preset, and a request loaded from history, start unchecked too.
    await anyOrigin.check();
    await view.getByLabel('Preset').selectOption({ label: 'MusicAPI introspection (Token)' });
    expect(await anyOrigin.isChecked()).toBe(false);
    await form.getByLabel('URL').fill(elsewhere);
    await anyOrigin.check();
    await sendAndWait(view);
    await form.getByLabel('URL').fill(elsewhere);
    await anyOrigin.check();
    await historyTab(view).click();
    await view.getByRole('list', { name: 'History' }).getByRole('button', { name: 'Load' }).first().click();
    expect(await form.getByLabel('URL').inputValue()).toBe(elsewhere);
    expect(await anyOrigin.isChecked()).toBe(false);

    // A request saved with it checked loads unchecked.
    await anyOrigin.check();
    await form.getByLabel('Save as').fill('Elsewhere');
    await form.getByRole('button', { name: 'Save', exact: true }).click();
    await form.getByText('Saved as "Elsewhere".').waitFor();
    await view.getByRole('tab', { name: 'Saved (1)' }).click();
    await view.getByRole('list', { name: 'Saved requests' }).getByRole('button', { name: 'Load' }).click();
    expect(await anyOrigin.isChecked()).toBe(false);
    expect(seenElsewhere()).toBe(2);
  });

  it('saves a request by name and loads it back', async () => {
    const view = await openConsole('acme');
    const form = composer(view);
    await form.getByLabel('URL').fill('/search/introspection');
    await form.getByLabel('Save as').fill('Introspect');
    await form.getByRole('button', { name: 'Save', exact: true }).click();
    await form.getByText('Saved as "Introspect".').waitFor();
    await form.getByLabel('URL').fill('/other');
    await view.getByRole('tab', { name: 'Saved (1)' }).click();
    await view.getByRole('list', { name: 'Saved requests' }).getByRole('button', { name: 'Load' }).click();
    expect(await form.getByLabel('URL').inputValue()).toBe('/search/introspection');
  });
});
