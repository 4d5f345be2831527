// A client's TLS certificate (mutual TLS, RFC 8705): set or replaced with its private key (the
// certificate to the store, the key to the secret source, undone together), removed, and read back
// for a connection. The client's cached tokens go whenever its certificate changes: a token bound
// to the old certificate (`cnf.x5t#S256`) would be refused over the new one.
import { parseClientCertificate } from './client-certificate.js';
import { TokendeckError } from './errors.js';
import type { ClientCertificate } from './http/transport.js';
import { keychainAccount } from './keychain-accounts.js';
import { isCertificateAuth } from './providers/oauth2.js';
import type { Client } from './model/entities.js';
import { dropTokensOf, runUndo, type Undo, type VaultContext } from './vault-context.js';
import { findClient } from './vault-find.js';

export interface CertificateSet {
  client: Client;
  /** An expired or not-yet-valid certificate is kept, and said so. */
  warnings: string[];
}

/** Sets (or replaces) the client's certificate and its private key; the key is checked to be the certificate's first. */
export async function setClientCertificate(ctx: VaultContext, orgName: string, clientName: string, certPem: string, keyPem: string): Promise<CertificateSet> {
  const parsed = parseClientCertificate(certPem, keyPem, ctx.now());
  const undo: Undo = [];
  try {
    const client = await ctx.store.update(async (data) => {
      const { client } = findClient(data, orgName, clientName);
      const account = keychainAccount.tlsKey(client.id);
      const previous = await ctx.secrets.readAccount(account);
      await ctx.secrets.writeAccount(account, parsed.keyPem);
      undo.push(() => (previous === null ? ctx.secrets.deleteAccount(account) : ctx.secrets.writeAccount(account, previous)));
      if (client.certificate?.thumbprint !== parsed.record.thumbprint) await dropTokensOf(ctx, data, new Set([client.id]));
      client.certificate = parsed.record;
      return client;
    });
    return { client, warnings: parsed.warnings };
  } catch (error) {
    await runUndo(undo);
    throw error;
  }
}

/** Removes the certificate and deletes its private key (the caller asked first: the key is not kept anywhere else). */
export async function removeClientCertificate(ctx: VaultContext, orgName: string, clientName: string): Promise<Client> {
  const client = await ctx.store.update(async (data) => {
    const { org, client } = findClient(data, orgName, clientName);
    if (!client.certificate) throw new TokendeckError('VALIDATION', `${org.name}/${client.name} has no client certificate to remove.`, { field: 'certificate' });
    if (isCertificateAuth(client.oauth2?.authMethod)) {
      throw new TokendeckError('VALIDATION', `${org.name}/${client.name} proves itself with its certificate (${client.oauth2!.authMethod}): choose another auth method first, or replace the certificate instead.`, { field: 'certificate' });
    }
    delete client.certificate;
    await dropTokensOf(ctx, data, new Set([client.id]));
    return client;
  });
  await ctx.secrets.deleteAccount(keychainAccount.tlsKey(client.id));
  return client;
}

/** The client's certificate and key for a connection (read when a request is made, never kept); undefined: it has none. */
export async function clientCertificateOf(ctx: VaultContext, client: Client): Promise<ClientCertificate | undefined> {
  const certificate = client.certificate;
  if (!certificate) return undefined;
  const keyPem = certificate.hasKey ? await ctx.secrets.readAccount(keychainAccount.tlsKey(client.id)) : null;
  if (keyPem === null) {
    const org = ctx.store.read().organizations.find((o) => o.id === client.organizationId)?.name ?? '<org>';
    throw new TokendeckError(
      'SECRET_MISSING',
      `Client "${client.name}" has a TLS certificate (${certificate.subject}) but its private key is not in this keychain: add it (tokendeck client update ${org}/${client.name} --cert FILE --cert-key FILE, or the client view's Client certificate).`,
    );
  }
  return { certPem: certificate.pem, keyPem };
}
