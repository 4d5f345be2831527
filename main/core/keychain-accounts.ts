// The keychain account names Tokendeck uses, one secret each, under one service.

export const keychainAccount = {
  clientSecret: (clientUuid: string) => `client/${clientUuid}/secret`,
  privateKey: (keyUuid: string) => `key/${keyUuid}/private`,
  /** Encrypts the token cache file (ARCHITECTURE.md, The token cache). */
  dataKey: 'vault/data-key',
} as const;
