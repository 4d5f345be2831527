// The keychain account names Tokendeck uses, one secret each, under one service.

export const keychainAccount = {
  clientSecret: (clientUuid: string) => `client/${clientUuid}/secret`,
  privateKey: (keyUuid: string) => `key/${keyUuid}/private`,
  /** A person's session of an OAuth 2.0 user grant: its refresh token (replaced at each rotation). */
  refreshToken: (clientUuid: string) => `client/${clientUuid}/refresh`,
  /** The private key of the client's TLS certificate (mutual TLS, RFC 8705), PKCS#8 PEM. */
  tlsKey: (clientUuid: string) => `client/${clientUuid}/tls-key`,
  /** An organization's proxy password (network.proxy in vault.json holds the URL without it). */
  proxyPassword: (orgUuid: string) => `org/${orgUuid}/proxy-password`,
  /** Encrypts the token cache file (ARCHITECTURE.md, The token cache). */
  dataKey: 'vault/data-key',
  /**
   * A removed secret or private key waiting in the trash (trash.ts) under its trash entry's id,
   * its original account kept whole after it so a restore puts it back where it was.
   */
  inTrash: (entryId: string, original: string) => `trash/${entryId}/${original}`,
} as const;
