// A second process around the vault lock, for the stale-lock tests (run with `node --import tsx`):
//   hold <lock>                   takes the lock, says "held", and keeps it until killed
//   hold-releasing <lock>         the same, with the signal handling the CLI installs
//   race <lock> <log> <rounds>    says "ready", waits for a line on stdin, then takes the lock
//                                 <rounds> times, writing begin/end markers to <log> inside it
//   update <home> <org>           a vault write, as a command makes one: under the lock it reads the
//                                 vault, says "changing", waits for a line on stdin, removes <org>
//                                 from what it read and writes that back; then says "wrote", or
//                                 "failed <code>: <message>" and exits 3
//   update-tokens <home> <service>  the same through the vault core the CLI opens, dropping every
//                                 cached token (records and values in tokens.enc) as a removal does
import fs from 'node:fs';
import { once } from 'node:events';

const [mode, lockPath, log, rounds] = process.argv.slice(2) as [string, string, string?, string?];
// Imported by name at run time, so that the same script runs against a file-lock.ts without
// releaseLocksOnSignals (and fails there for that reason alone).
const lock = (await import('../../main/core/file-lock.js')) as Record<string, (...args: unknown[]) => unknown>;
const withFileLock = lock.withFileLock as <T>(path: string, run: () => Promise<T>) => Promise<T>;

type VaultData = import('../../main/core/model/entities.js').VaultData;

/** A vault write under the lock: says "changing", waits for a line on stdin, changes, then says how it ended. */
async function reportedUpdate(update: (change: (data: VaultData) => Promise<void>) => Promise<void>, change: (data: VaultData) => void | Promise<void>): Promise<never> {
  try {
    await update(async (data) => {
      process.stdout.write('changing\n');
      await once(process.stdin, 'data');
      await change(data);
    });
    process.stdout.write('wrote\n');
    process.exit(0);
  } catch (error) {
    const { code, message } = error as { code?: string; message: string };
    process.stdout.write(`failed ${code}: ${message}\n`);
    process.exit(3);
  }
}

if (mode === 'hold' || mode === 'hold-releasing') {
  if (mode === 'hold-releasing') lock.releaseLocksOnSignals!();
  await withFileLock(lockPath, async () => {
    process.stdout.write('held\n');
    await new Promise(() => setInterval(() => undefined, 60_000));
  });
} else if (mode === 'race') {
  process.stdout.write('ready\n');
  await once(process.stdin, 'data');
  for (let round = 0; round < Number(rounds); round++) {
    await withFileLock(lockPath, async () => {
      fs.appendFileSync(log!, `begin ${process.pid}\n`);
      // Long enough for the other racers to be trying meanwhile.
      await new Promise((resolve) => setTimeout(resolve, 20));
      fs.appendFileSync(log!, `end ${process.pid}\n`);
    });
  }
  process.exit(0);
} else if (mode === 'update') {
  const { VaultStore } = await import('../../main/core/vault-store.js');
  const [home, org] = [lockPath, log!];
  await reportedUpdate((change) => new VaultStore(home).update(change), (data) => {
    data.organizations = data.organizations.filter((o) => o.name !== org);
  });
} else if (mode === 'update-tokens') {
  const { openVaultCore } = await import('../../main/core/vault-core.js');
  const { OsKeychain } = await import('../../main/core/keychain.js');
  const [home, service] = [lockPath, log!];
  // The vault's own store and token cache, as openVaultCore wires them for the CLI and the app.
  const { vault } = openVaultCore({ home, keychain: new OsKeychain(service) });
  const own = vault as unknown as { store: InstanceType<typeof import('../../main/core/vault-store.js').VaultStore>; tokenValues: { retain(ids: ReadonlySet<string>): Promise<void> } };
  await reportedUpdate((change) => own.store.update(change), async (data) => {
    data.tokens = [];
    await own.tokenValues.retain(new Set());
  });
} else {
  throw new Error(`unknown mode ${mode}`);
}
