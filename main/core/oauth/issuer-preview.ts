// What discovery found at an issuer, shown before a client is saved (the deck's forms, `tokendeck
// discover`): its endpoints and methods, and whether the sign-in planned can work there — judged
// by the same checks the sign-in runs (session-flows.ts `pinned`, authorization-code.ts
// `endpointsOf`), so the preview never promises what the sign-in then refuses.
import { isTokendeckError } from '../errors.js';
import type { ClientAuthMethod, OAuth2Grant } from '../providers/oauth2.js';
import { endpointsOf } from './authorization-code.js';
import { DEVICE_CODE_GRANT } from './device-flow.js';
import type { IssuerMetadata } from './discovery.js';
import { pinned } from './session-flows.js';

export interface IssuerPlan {
  /** Absent (the organization form): the endpoints and the token URL only. */
  grant?: OAuth2Grant | undefined;
  authMethod?: ClientAuthMethod | undefined;
  /** The organization whose token URL the token endpoint must be (undefined: a new organization). */
  org?: { name: string; tokenUrl?: string | undefined } | undefined;
}

export interface IssuerCheck {
  level: 'ok' | 'warn' | 'bad';
  text: string;
}

export interface IssuerPreview {
  issuer: string;
  foundAt: string;
  endpoints: Array<{ name: string; url: string }>;
  grantsSupported?: string[] | undefined;
  authMethodsSupported?: string[] | undefined;
  scopesSupported?: string[] | undefined;
  checks: IssuerCheck[];
}

const GRANT_TYPE: Record<OAuth2Grant, string> = { client_credentials: 'client_credentials', authorization_code: 'authorization_code', device_code: DEVICE_CODE_GRANT };

/** The problem a check throws, as a line: the sign-in's own words. */
function judged(check: () => void, ok: string): IssuerCheck {
  try {
    check();
    return { level: 'ok', text: ok };
  } catch (error) {
    if (!isTokendeckError(error)) throw error;
    return { level: 'bad', text: error.message };
  }
}

function tokenUrlCheck(metadata: IssuerMetadata, org: IssuerPlan['org']): IssuerCheck {
  if (!metadata.tokenEndpoint) return { level: 'bad', text: `The issuer names no token endpoint: no token can be had from it.` };
  if (!org) return { level: 'ok', text: `Its token endpoint, ${metadata.tokenEndpoint}, is where the organization's token URL should point.` };
  if (!org.tokenUrl) return { level: 'bad', text: `"${org.name}" has no token URL: set it to ${metadata.tokenEndpoint}.` };
  return judged(() => pinned({ name: org.name, tokenUrl: org.tokenUrl }, metadata), `The token endpoint is "${org.name}"'s token URL, ${metadata.tokenEndpoint}.`);
}

function grantChecks(metadata: IssuerMetadata, { grant, authMethod = 'client_secret_basic' }: IssuerPlan): IssuerCheck[] {
  if (!grant) return [];
  const checks: IssuerCheck[] = [];
  const grantType = GRANT_TYPE[grant];
  if (metadata.grantTypesSupported && !metadata.grantTypesSupported.includes(grantType)) {
    checks.push({ level: 'bad', text: `The issuer does not list the ${grantType} grant among its grant types.` });
  }
  if (grant === 'authorization_code') {
    checks.push(judged(() => endpointsOf(metadata, { clientId: '-', authMethod: authMethod }), `Browser sign-in at ${metadata.authorizationEndpoint}, with PKCE S256.`));
  } else if (grant === 'device_code') {
    const offersMethod = !metadata.tokenEndpointAuthMethodsSupported || metadata.tokenEndpointAuthMethodsSupported.includes(authMethod);
    checks.push(
      metadata.deviceAuthorizationEndpoint
        ? { level: 'ok', text: `Device codes from ${metadata.deviceAuthorizationEndpoint}.` }
        : { level: 'bad', text: 'The issuer offers no device authorization endpoint (RFC 8628): choose the browser sign-in.' },
    );
    if (!offersMethod) checks.push({ level: 'bad', text: `The issuer does not take client authentication "${authMethod}": choose one it lists below.` });
  }
  if (grant !== 'client_credentials') {
    if (metadata.grantTypesSupported && !metadata.grantTypesSupported.includes('refresh_token')) checks.push({ level: 'warn', text: 'The issuer does not list refresh tokens: the session ends with its first token, and you sign in again then.' });
    checks.push(
      metadata.revocationEndpoint
        ? { level: 'ok', text: `Sign-out revokes the session at ${metadata.revocationEndpoint}.` }
        : { level: 'warn', text: 'The issuer has no revocation endpoint: sign-out forgets the session here, and it lives on at the server until it expires.' },
    );
    if (metadata.authorizationResponseIssParameterSupported) checks.push({ level: 'ok', text: 'It names itself in every sign-in answer (RFC 9207), which Tokendeck checks.' });
  }
  return checks;
}

export function previewIssuer(metadata: IssuerMetadata, plan: IssuerPlan): IssuerPreview {
  const endpoints = (
    [
      ['Authorization', metadata.authorizationEndpoint],
      ['Token', metadata.tokenEndpoint],
      ['Device authorization', metadata.deviceAuthorizationEndpoint],
      ['Revocation', metadata.revocationEndpoint],
      ['Userinfo', metadata.userinfoEndpoint],
      ['Key set (JWKS)', metadata.jwksUri],
    ] as const
  ).flatMap(([name, url]) => (url ? [{ name, url }] : []));
  // The server's names, shown in a terminal too: printable ASCII words only, a few dozen.
  const cap = (list: string[] | undefined) => list?.filter((name) => /^[\x21-\x7e]{1,100}$/.test(name)).slice(0, 40);
  return {
    issuer: metadata.issuer,
    foundAt: metadata.foundAt,
    endpoints,
    grantsSupported: cap(metadata.grantTypesSupported),
    authMethodsSupported: cap(metadata.tokenEndpointAuthMethodsSupported),
    scopesSupported: cap(metadata.scopesSupported),
    checks: [tokenUrlCheck(metadata, plan.org), ...grantChecks(metadata, plan)],
  };
}
