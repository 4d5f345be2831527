// Client credentials with the client's TLS certificate (RFC 8705 §2) against panva's oidc-provider
// over https with a CA made by the test: tls_client_auth (subject DN) and self_signed_tls_client_auth
// (a registered certificate), the token bound to our certificate (cnf.x5t#S256), refused without
// it; and a bound token checked against the client's certificate before anything is sent.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeJwt } from 'jose';
import { checkCertificateBinding, boundThumbprint } from '../../main/core/http/certificate-binding.js';
import { postToTokenEndpoint } from '../../main/core/http/token-endpoint.js';
import { certificateThumbprint, type Transport } from '../../main/core/http/transport.js';
import { parseClientCertificate } from '../../main/core/client-certificate.js';
import { authenticateClient } from '../../main/core/schemes/oauth2.js';
import { type ClientAuthMethod } from '../../main/core/providers/oauth2.js';
import { selfSignedJwks, startMtlsOidc, type MtlsOidc } from '../servers/oidc-mtls.js';
import { createTestCa } from '../servers/test-ca.js';

const ca = createTestCa('mTLS Test CA');
const alice = ca.client('alice');
const mallory = ca.client('mallory');
const device = ca.selfSigned('device-7');
let oidc: MtlsOidc;

const NO_SECRET_CLIENT = { grant_types: ['client_credentials'], response_types: [], redirect_uris: [], tls_client_certificate_bound_access_tokens: true };

beforeAll(async () => {
  oidc = await startMtlsOidc(ca, [
    { ...NO_SECRET_CLIENT, client_id: 'svc-mtls', token_endpoint_auth_method: 'tls_client_auth', tls_client_auth_subject_dn: 'CN=alice' },
    { ...NO_SECRET_CLIENT, client_id: 'svc-self', token_endpoint_auth_method: 'self_signed_tls_client_auth', jwks: selfSignedJwks(device) },
  ]);
});
afterAll(async () => {
  await oidc.close();
  ca.remove();
});

/** A client credentials exchange as oauth2Bearer makes it, over `transport`. */
async function exchange(clientId: string, authMethod: ClientAuthMethod, transport: Transport): Promise<string> {
  const form = new URLSearchParams({ grant_type: 'client_credentials' });
  const { headers, secrets } = authenticateClient(form, { clientId, authMethod });
  expect(headers.authorization).toBeUndefined();
  expect(form.get('client_id')).toBe(clientId);
  expect(form.has('client_secret')).toBe(false);
  const answer = (await postToTokenEndpoint({ url: oidc.tokenUrl, headers, body: form.toString(), timeoutMs: 10_000, secrets, transport })) as { access_token: string };
  return answer.access_token;
}

describe('tls_client_auth at the token endpoint', () => {
  it('is accepted over the CA’s certificate whose subject is registered, and the token is bound to it', async () => {
    const token = await exchange('svc-mtls', 'tls_client_auth', { ca: ca.pem, clientCertificate: alice });
    expect(oidc.presented.at(-1)).toBe('alice');
    expect(decodeJwt(token).cnf).toEqual({ 'x5t#S256': certificateThumbprint(alice.certPem) });
    expect(boundThumbprint(token)).toBe(parseClientCertificate(alice.certPem, alice.keyPem, Date.now()).record.thumbprint);
  });

  it('is refused without a certificate, and with another subject’s', async () => {
    await expect(exchange('svc-mtls', 'tls_client_auth', { ca: ca.pem })).rejects.toMatchObject({ code: 'EXCHANGE_REJECTED', message: expect.stringContaining('client authentication failed') });
    await expect(exchange('svc-mtls', 'tls_client_auth', { ca: ca.pem, clientCertificate: mallory })).rejects.toMatchObject({ code: 'EXCHANGE_REJECTED', message: expect.stringContaining('client authentication failed') });
  });
});

describe('self_signed_tls_client_auth at the token endpoint', () => {
  it('is accepted over the registered self-signed certificate, the token bound to it', async () => {
    const token = await exchange('svc-self', 'self_signed_tls_client_auth', { ca: ca.pem, clientCertificate: device });
    expect(decodeJwt(token).cnf).toEqual({ 'x5t#S256': certificateThumbprint(device.certPem) });
  });

  it('is refused over a certificate that is not registered, even one the CA signed', async () => {
    await expect(exchange('svc-self', 'self_signed_tls_client_auth', { ca: ca.pem, clientCertificate: alice })).rejects.toMatchObject({ code: 'EXCHANGE_REJECTED', message: expect.stringContaining('client authentication failed') });
  });
});

describe('a certificate-bound token before it is sent', () => {
  const record = (issued: { certPem: string; keyPem: string }) => parseClientCertificate(issued.certPem, issued.keyPem, Date.now()).record;

  it('goes with the certificate it is bound to', async () => {
    const token = await exchange('svc-mtls', 'tls_client_auth', { ca: ca.pem, clientCertificate: alice });
    expect(() => checkCertificateBinding(token, record(alice), 'acme/svc')).not.toThrow();
  });

  it('is refused, typed and naming both certificates, with another certificate, none, or a certificate without its key', async () => {
    const token = await exchange('svc-mtls', 'tls_client_auth', { ca: ca.pem, clientCertificate: alice });
    const start = certificateThumbprint(alice.certPem).slice(0, 12);
    expect(() => checkCertificateBinding(token, record(mallory), 'acme/svc')).toThrow(expect.objectContaining({ code: 'CERTIFICATE_BINDING', message: expect.stringMatching(new RegExp(`bound to the TLS certificate ${start}.*presents another certificate .*CN=mallory.*did not send it`)) }));
    expect(() => checkCertificateBinding(token, undefined, 'acme/svc')).toThrow(expect.objectContaining({ code: 'CERTIFICATE_BINDING', message: expect.stringContaining('has no client certificate') }));
    expect(() => checkCertificateBinding(token, { ...record(alice), hasKey: false }, 'acme/svc')).toThrow(expect.objectContaining({ code: 'CERTIFICATE_BINDING' }));
    // The message never carries the token.
    expect(() => checkCertificateBinding(token, undefined, 'acme/svc')).toThrow(expect.not.objectContaining({ message: expect.stringContaining(token.split('.')[1]!) }));
  });

  it('an unbound token, or one that is not a JWT, goes as before', () => {
    expect(() => checkCertificateBinding('opaque-token', undefined, 'acme/svc')).not.toThrow();
    expect(() => checkCertificateBinding(`x.${Buffer.from('{"sub":"a"}').toString('base64url')}.y`, undefined, 'acme/svc')).not.toThrow();
  });
});
