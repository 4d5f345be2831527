// A sandboxed vault wired to the three vendor stand-ins: MusicAPI (org "acme"), Musimap (org
// "moodmap") and an OAuth 2.0 server (org "partner"), each with clients whose secrets are in the
// real keychain and, for MusicAPI, a signing key registered with the server.
import { startMusicApi, type MusicApiServer } from '../servers/musicapi.js';
import { startMusimap, type MusimapServer } from '../servers/musimap.js';
import { startOAuth2, type OAuth2Server } from '../servers/oauth2.js';
import type { TokenServiceOptions } from '../../main/core/token-service.js';
import { createSandbox, type Sandbox } from './sandbox.js';

export const MUSICAPI_CLIENT = { clientId: '2cf82db3-4064-4235-8253-16994eb51773', secret: '9facfe28-83e5-4b3f-815f-23551d77cd48' };
export const ALICE = { label: 'alice', uuid: '8d883178-9585-482e-bb4b-0c85736edc2d' };
export const MUSIMAP_CLIENT = { clientId: 'efb3ed15-0052-4e00-9584-1365510b547d', secret: 'musimap-secret-Zk41' };
export const OAUTH_CLIENT = { clientId: 'svc client', secret: 's3cr:et+/=' };

export interface VendorWorld extends Sandbox {
  musicapi: MusicApiServer;
  musimap: MusimapServer;
  oauth: OAuth2Server;
  secrets: string[];
  close(): Promise<void>;
}

export async function startVendorWorld(options: TokenServiceOptions = {}): Promise<VendorWorld> {
  const sandbox = createSandbox(options);
  const { vault } = sandbox;
  const musicapi = await startMusicApi([MUSICAPI_CLIENT]);
  const musimap = await startMusimap([MUSIMAP_CLIENT]);
  const oauth = await startOAuth2([OAUTH_CLIENT]);

  await vault.addOrganization({ name: 'acme', provider: 'musicapi', apiBaseUrl: musicapi.origin });
  await vault.addClient('acme', { name: 'web', environment: 'development', clientId: MUSICAPI_CLIENT.clientId, integrationUsers: [ALICE] }, MUSICAPI_CLIENT.secret);
  const { key } = await vault.generateKey('acme', 'KID-1');
  musicapi.registerKey('KID-1', key.publicKeyPem);

  await vault.addOrganization({ name: 'moodmap', provider: 'musimap', apiBaseUrl: musimap.origin, tokenUrl: musimap.tokenUrl });
  await vault.addClient('moodmap', { name: 'prod', environment: 'production', clientId: MUSIMAP_CLIENT.clientId }, MUSIMAP_CLIENT.secret);

  await vault.addOrganization({ name: 'partner', provider: 'oauth2', tokenUrl: oauth.tokenUrl });
  const oauthClient = { environment: 'staging', clientId: OAUTH_CLIENT.clientId };
  await vault.addClient('partner', { name: 'svc', ...oauthClient }, OAUTH_CLIENT.secret);
  await vault.addClient('partner', { name: 'svc-post', ...oauthClient, oauth2: { authMethod: 'client_secret_post', scope: 'catalog:read', audience: 'https://api.partner.test' } }, OAUTH_CLIENT.secret);

  return {
    ...sandbox,
    musicapi,
    musimap,
    oauth,
    secrets: [MUSICAPI_CLIENT.secret, MUSIMAP_CLIENT.secret, OAUTH_CLIENT.secret],
    async close() {
      await Promise.all([musicapi.close(), musimap.close(), oauth.close()]);
      await sandbox.cleanup();
    },
  };
}
