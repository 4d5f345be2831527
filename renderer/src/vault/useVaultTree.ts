// Loads the vault tree (organizations with their clients and keys) from main.
import { useCallback, useEffect, useState } from 'react';
import type { ErrorPayload } from '../../../main/core/errors.js';
import type { VaultTree } from '../../../main/core/vault.js';
import { tokendeck } from '../bridge.js';

export type TreeState =
  | { status: 'loading' }
  | { status: 'ready'; tree: VaultTree }
  | { status: 'failed'; error: ErrorPayload };

export function useVaultTree(): { state: TreeState; reload: () => void } {
  const [state, setState] = useState<TreeState>({ status: 'loading' });
  const reload = useCallback(() => {
    void tokendeck()
      .vault.tree({})
      .then((result) => setState(result.ok ? { status: 'ready', tree: result.value } : { status: 'failed', error: result.error }));
  }, []);
  useEffect(reload, [reload]);
  return { state, reload };
}
