// A second process around the vault lock, for the stale-lock tests (run with `node --import tsx`):
//   hold <lock>                   takes the lock, says "held", and keeps it until killed
//   hold-releasing <lock>         the same, with the signal handling the CLI installs
//   race <lock> <log> <rounds>    says "ready", waits for a line on stdin, then takes the lock
//                                 <rounds> times, writing begin/end markers to <log> inside it
import fs from 'node:fs';
import { once } from 'node:events';

const [mode, lockPath, log, rounds] = process.argv.slice(2) as [string, string, string?, string?];
// Imported by name at run time, so that the same script runs against a file-lock.ts without
// releaseLocksOnSignals (and fails there for that reason alone).
const lock = (await import('../../main/core/file-lock.js')) as Record<string, (...args: unknown[]) => unknown>;
const withFileLock = lock.withFileLock as <T>(path: string, run: () => Promise<T>) => Promise<T>;

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
} else {
  throw new Error(`unknown mode ${mode}`);
}
