// A sandboxed vault wired to the signed-JWT stand-ins, one organization per preset, each with a
// client and a key of the kind its vendor uses, registered with the stand-in: Apple Music
// ("apple", ES256 generated), App Store Connect ("asc" team key, "asc-user" individual key, ES256
// .p8), GitHub ("gh", RS256 PKCS#1 .pem), RFC 7523 grant ("grant", PS256) and private_key_jwt
// ("idp", EdDSA). The stand-ins verify with node:crypto, not with the product's code.
import { generateKeyPairSync } from 'node:crypto';
import { presetProfile } from '../../main/core/jwt-profile.js';
import type { TokenServiceOptions } from '../../main/core/token-service.js';
import { startAppleMusicStandIn, type AppleMusicStandIn } from '../servers/apple-music.js';
import { startAppStoreConnectStandIn, type AppStoreConnectStandIn } from '../servers/app-store-connect.js';
import { startAssertionOAuthStandIn, type AssertionOAuthStandIn } from '../servers/assertion-oauth.js';
import { startGitHubStandIn, type GitHubStandIn } from '../servers/github-app.js';
import { createSandbox, type Sandbox } from './sandbox.js';

export const TEAM_ID = 'TEAM123456';
export const APPLE_KID = 'ABCDE12345';
export const ISSUER_ID = '57246542-96fe-1a63-e053-0824d011072a';
export const ASC_KID = 'ASCKEY1234';
export const ASC_USER_KID = 'ASCUSER123';
export const GITHUB_CLIENT_ID = 'Iv23liABCDEF12345678';
export const INSTALLATION = '4242';
export const GRANT_CLIENT = 'svc@project.example';
export const IDP_CLIENT = 'backend-1';

export interface SignedJwtWorld extends Sandbox {
  apple: AppleMusicStandIn;
  asc: AppStoreConnectStandIn;
  github: GitHubStandIn;
  oauth: AssertionOAuthStandIn;
  close(): Promise<void>;
}

const pkcs8 = (key: ReturnType<typeof generateKeyPairSync>['privateKey']) => key.export({ type: 'pkcs8', format: 'pem' }).toString();

export async function startSignedJwtWorld(options: TokenServiceOptions = {}): Promise<SignedJwtWorld> {
  const sandbox = createSandbox(options);
  const { vault } = sandbox;
  const [apple, asc, github, oauth] = await Promise.all([
    startAppleMusicStandIn({ teamId: TEAM_ID }),
    startAppStoreConnectStandIn({ issuerId: ISSUER_ID }),
    startGitHubStandIn({ clientId: GITHUB_CLIENT_ID, installations: [INSTALLATION] }),
    startAssertionOAuthStandIn(),
  ]);

  await vault.addOrganization({ name: 'apple', provider: 'jwt', jwt: presetProfile('apple-music'), apiBaseUrl: apple.origin });
  const { key: appleKey } = await vault.generateKey('apple', APPLE_KID);
  apple.registerKey(APPLE_KID, appleKey.publicKeyPem);
  await vault.addClient('apple', { name: 'web', environment: 'development', clientId: TEAM_ID });

  await vault.addOrganization({ name: 'asc', provider: 'jwt', jwt: presetProfile('app-store-connect'), apiBaseUrl: asc.origin });
  const ascKey = await vault.importKey('asc', ASC_KID, pkcs8(generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey));
  asc.registerKey(ASC_KID, ascKey.publicKeyPem, 'team');
  await vault.addClient('asc', { name: 'ci', environment: 'production', clientId: ISSUER_ID });

  const individual = { ...presetProfile('app-store-connect'), iss: undefined, sub: 'user' };
  await vault.addOrganization({ name: 'asc-user', provider: 'jwt', jwt: individual, apiBaseUrl: asc.origin });
  const userKey = await vault.importKey('asc-user', ASC_USER_KID, pkcs8(generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey));
  asc.registerKey(ASC_USER_KID, userKey.publicKeyPem, 'individual');
  await vault.addClient('asc-user', { name: 'me', environment: 'development', clientId: 'individual' });

  await vault.addOrganization({ name: 'gh', provider: 'jwt', jwt: presetProfile('github-app'), apiBaseUrl: github.origin });
  const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
  const ghKey = await vault.importKey('gh', undefined, rsa.export({ type: 'pkcs1', format: 'pem' }).toString());
  github.registerKey(ghKey.publicKeyPem);
  await vault.addClient('gh', { name: 'bot', environment: 'development', clientId: GITHUB_CLIENT_ID, jwt: { installationId: INSTALLATION } });

  await vault.addOrganization({ name: 'grant', provider: 'jwt', jwt: { ...presetProfile('jwt-bearer'), alg: 'PS256' }, apiBaseUrl: oauth.origin, tokenUrl: oauth.tokenUrl });
  const grantKey = await vault.importKey('grant', 'grant-key-1', pkcs8(generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey));
  oauth.registerClient(GRANT_CLIENT, grantKey.publicKeyPem, 'PS256');
  await vault.addClient('grant', { name: 'svc', environment: 'staging', clientId: GRANT_CLIENT, jwt: { scope: 'catalog.read' } });

  await vault.addOrganization({ name: 'idp', provider: 'jwt', jwt: { ...presetProfile('private-key-jwt'), alg: 'EdDSA' }, apiBaseUrl: oauth.origin, tokenUrl: oauth.tokenUrl });
  const { key: idpKey } = await vault.generateKey('idp', 'idp-key-1');
  oauth.registerClient(IDP_CLIENT, idpKey.publicKeyPem, 'EdDSA');
  await vault.addClient('idp', { name: 'backend', environment: 'production', clientId: IDP_CLIENT });

  return {
    ...sandbox,
    apple,
    asc,
    github,
    oauth,
    async close() {
      await Promise.all([apple.close(), asc.close(), github.close(), oauth.close()]);
      await sandbox.cleanup();
    },
  };
}
