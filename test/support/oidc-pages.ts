// Drives oidc-provider's development login and consent pages in Chromium, as a person would: the
// authorization URL opened, any login and password typed, "Sign-in", then "Continue" on the
// consent page. `openBrowser` returns at once (the sign-in waits for the browser's redirect);
// `done` resolves with the text of the page the redirect ended on.
import type { Browser } from 'playwright-core';

export interface PageDriver {
  openBrowser: (url: string) => Promise<void>;
  /** The heading of the page the loopback redirect answered, once it loaded. */
  done: () => Promise<string>;
  /** Every callback URL the browser was sent to (it holds the code: for the replay test only). */
  callbacks: string[];
}

export function driveOidcPages(browser: Browser, login = 'alice'): PageDriver {
  let driving: Promise<string> | undefined;
  const callbacks: string[] = [];
  return {
    callbacks,
    openBrowser: async (url) => {
      const context = await browser.newContext();
      const page = await context.newPage();
      page.on('request', (request) => {
        if (new URL(request.url()).pathname === '/callback') callbacks.push(request.url());
      });
      driving = (async () => {
        try {
          await page.goto(url);
          await page.fill('input[name=login]', login);
          await page.fill('input[name=password]', 'any password');
          await page.click('button[type=submit]');
          await page.click('button:has-text("Continue")');
          await page.waitForURL((at) => at.pathname === '/callback');
          return (await page.textContent('h1')) ?? '';
        } finally {
          await context.close();
        }
      })();
      // The sign-in must not wait for the pages: the browser's answer comes while they run.
      driving.catch(() => undefined);
    },
    done: () => driving ?? Promise.reject(new Error('the browser was never opened')),
  };
}
