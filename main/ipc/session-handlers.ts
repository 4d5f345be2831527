// A person's sign-in from the window (issue 25): main opens the system browser itself (the page
// never sees the authorization URL's state or verifier) or pushes the device flow's user code, and
// keeps one AbortController per client so the window's Cancel stops the wait. The answer names the
// account, expiry and scope; the token stays cached in main like any other.
import type { DeviceCodeShown } from '../../preload/contract.js';
import { TokendeckError } from '../core/errors.js';
import { effectiveEndpoints } from '../core/model/environments.js';
import type { Core } from '../core/open-vault.js';
import { browserUrl } from '../security.js';
import type { Handlers } from './handlers.js';
import { checkSeenClient } from './stale-view.js';

type SessionChannel = 'session.signIn' | 'session.cancel' | 'session.signOut' | 'session.discover';

export interface SessionShell {
  /** Opens a URL in the system browser (Electron's shell.openExternal); what it is given passed browserUrl; without it, a browser sign-in is refused. */
  openExternal?: ((url: string) => Promise<void>) | undefined;
  /** Pushes the device flow's code to the window (the session.deviceCode event). */
  showDeviceCode?: ((code: DeviceCodeShown) => void) | undefined;
}

export function sessionHandlers(core: Core, { openExternal, showDeviceCode }: SessionShell): Pick<Handlers, SessionChannel> {
  const { vault, tokens } = core;
  const waiting = new Map<string, AbortController>();
  const keyOf = (org: string, client: string) => vault.resolveClient(org, client).client.id;

  return {
    'session.signIn': async ({ org, client, seenClient }) => {
      checkSeenClient(vault, { org, client }, seenClient);
      const grant = vault.resolveClient(org, client).client.oauth2?.grant;
      const key = keyOf(org, client);
      waiting.get(key)?.abort();
      const controller = new AbortController();
      waiting.set(key, controller);
      const signal = controller.signal;
      try {
        const issued = await tokens.signIn(
          { org, client },
          grant === 'device_code'
            ? { kind: 'device', signal, onCode: ({ userCode, verificationUri, verificationUriComplete, expiresAt }) => showDeviceCode?.({ org, client, userCode, verificationUri, ...(verificationUriComplete ? { verificationUriComplete } : {}), expiresAt }) }
            : {
                kind: 'browser',
                signal,
                openBrowser: async (url) => {
                  if (!openExternal) throw new TokendeckError('USAGE', 'This window cannot open a browser: sign in with tokendeck login instead.');
                  await openExternal(browserUrl(url));
                },
              },
        );
        const session = vault.resolveClient(org, client).client.session;
        return { ...(issued.account ? { account: issued.account } : {}), expiresAt: issued.expiresAt ?? 0, scope: issued.grantedScope ?? session?.scope ?? '' };
      } finally {
        if (waiting.get(key) === controller) waiting.delete(key);
      }
    },
    'session.cancel': async ({ org, client }) => {
      const key = keyOf(org, client);
      const controller = waiting.get(key);
      controller?.abort();
      waiting.delete(key);
      return { cancelled: controller !== undefined };
    },
    'session.signOut': async ({ org, client, seenClient }) => (checkSeenClient(vault, { org, client }, seenClient), tokens.signOut({ org, client })),
    'session.discover': async ({ issuer, grant, authMethod, org, environment }) => {
      // The organization as the client's environment sees it: its token URL is the one pinned.
      const planned = org === undefined ? undefined : vault.organization(org);
      const tokenUrl = planned && effectiveEndpoints(planned, environment).tokenUrl;
      const [{ discoverIssuer }, { previewIssuer }] = await Promise.all([import('../core/oauth/discovery.js'), import('../core/oauth/issuer-preview.js')]);
      return previewIssuer(await discoverIssuer(issuer), { grant, authMethod, ...(planned ? { org: { name: planned.name, tokenUrl } } : {}) });
    },
  };
}
