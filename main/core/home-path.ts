// Where the Tokendeck home is: TOKENDECK_HOME, or the folder Electron's userData names. Node only
// (no other module of the core): the CLI's entry reads it before loading anything else, to find
// the agent's socket (main/core/agent/agent-place.ts).
import os from 'node:os';
import path from 'node:path';

/** Matches Electron's `app.getPath('userData')` for productName "Tokendeck". */
function defaultHome(env: NodeJS.ProcessEnv): string {
  const home = os.homedir();
  switch (process.platform) {
    case 'darwin':
      return path.join(home, 'Library', 'Application Support', 'Tokendeck');
    case 'win32':
      return path.join(env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), 'Tokendeck');
    default:
      return path.join(env.XDG_CONFIG_HOME ?? path.join(home, '.config'), 'Tokendeck');
  }
}

export function resolveHome(env: NodeJS.ProcessEnv = process.env): string {
  const override = env.TOKENDECK_HOME?.trim();
  return override ? path.resolve(override) : defaultHome(env);
}
