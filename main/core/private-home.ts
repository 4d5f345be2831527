// Refuses a Tokendeck home other users could write to, as ssh refuses a ~/.ssh it does not trust:
// whoever can write there can replace the vault file (and so where secrets are sent) or hold its
// lock. Tokendeck creates the home 0700; this catches one made by hand or given by TOKENDECK_HOME.
import fs from 'node:fs';
import { TokendeckError } from './errors.js';

/** Throws STORE_UNWRITABLE when the home exists and is group- or world-writable or not ours. */
export function checkHomeIsPrivate(home: string): void {
  // Windows folders have ACLs, not these mode bits.
  if (process.platform === 'win32' || !process.getuid) return;
  const stat = fs.statSync(home, { throwIfNoEntry: false });
  if (!stat) return;
  const uid = process.getuid();
  if (stat.uid !== uid) {
    throw new TokendeckError(
      'STORE_UNWRITABLE',
      `Tokendeck will not use ${home}: it belongs to another user (uid ${stat.uid}, you are ${uid}), who could change the vault in it. Use a folder of your own (TOKENDECK_HOME), or \`chown\` it to yourself.`,
    );
  }
  const otherWriters = stat.mode & 0o022;
  if (otherWriters) {
    const who = otherWriters === 0o022 ? 'its group and all users' : otherWriters & 0o002 ? 'all users' : 'its group';
    throw new TokendeckError(
      'STORE_UNWRITABLE',
      `Tokendeck will not use ${home}: ${who} can write to it (mode ${(stat.mode & 0o7777).toString(8).padStart(4, '0')}), and so change the vault in it. Run \`chmod go-w ${home}\`.`,
    );
  }
}
