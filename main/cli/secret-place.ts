// Where a client's secret or a key's private half comes from, as the lists say it: this machine's
// keychain, or the reference it is read from (issue 24). Never the secret.

export const clientSecretWords = (client: { hasSecret: boolean; secretSource?: string | undefined }) =>
  client.hasSecret ? `secret ${client.secretSource === undefined ? 'in keychain' : `from ${client.secretSource}`}` : 'no secret';

export const privateKeyWords = (key: { hasPrivateKey: boolean; privateKeySource?: string | undefined }) =>
  key.hasPrivateKey ? `private key ${key.privateKeySource === undefined ? 'in keychain' : `from ${key.privateKeySource}`}` : 'public only';
