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

/** What a person does in the browser with the device flow's complete verification URI: confirm, sign in, consent (or abort). The page's text at the end. */
export async function approveDevice(browser: Browser, uri: string, choice: 'approve' | 'abort' = 'approve', login = 'ada'): Promise<string> {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    await page.goto(uri);
    if (choice === 'abort') {
      await page.getByRole('button', { name: '[ Abort ]' }).click();
    } else {
      await page.getByRole('button', { name: 'Continue' }).click();
      await page.locator('input[name=login]').fill(login);
      await page.locator('input[name=password]').fill('any password');
      await page.getByRole('button', { name: 'Sign-in' }).click();
      await page.getByRole('button', { name: 'Continue' }).click();
    }
    await page.waitForLoadState();
    return (await page.locator('body').innerText()).trim();
  } finally {
    await context.close();
  }
}
