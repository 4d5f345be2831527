// The non-secret metadata file, `vault.json` in the Tokendeck home: organizations, clients, key
// metadata and the token cache's metadata. Secrets are never in it (they are in the keychain).
import { JsonFileStore } from './json-file-store.js';
import { STORE_SCHEMA_VERSION } from './model/primitives.js';
import { emptyVault, VaultData } from './model/entities.js';
import { migrateVault } from './vault-migrate.js';

export const STORE_FILE_NAME = 'vault.json';

export class VaultStore extends JsonFileStore<VaultData> {
  constructor(home: string) {
    super(home, {
      fileName: STORE_FILE_NAME,
      label: 'vault file',
      schema: VaultData,
      schemaVersion: STORE_SCHEMA_VERSION,
      empty: emptyVault,
      afterCorruption: 'an empty vault; your secrets are still in the keychain',
      migrate: migrateVault,
    });
  }
}
