// A big setup import as a whole CLI process: 10,000 OAuth 2.0 organizations with a client each
// (about 3 MB of JSON) into an empty home, timed from spawn to exit. Each run gets a fresh home,
// since importing the same file twice changes nothing.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CLI_PATH } from '../support/cli.js';
import { createSandbox } from '../support/sandbox.js';
import { median } from './stats.js';

export interface ImportFigures {
  organizations: number;
  runs: number;
  seconds: number;
}

function bigSetup(organizations: number): string {
  return JSON.stringify({
    tokendeckSetup: 1,
    organizations: Array.from({ length: organizations }, (_, i) => ({
      name: `org-${String(i).padStart(5, '0')}`,
      provider: 'oauth2',
      tokenUrl: `https://auth${i}.example.com/oauth/token`,
      allowedOrigins: [],
      catalogs: [],
      clients: [{ name: 'svc', environment: 'production', clientId: `client-${i}`, integrationUsers: [], defaultScheme: 'bearer', autoRefresh: false }],
      keys: [],
      savedRequests: [],
    })),
  });
}

function timedImport(file: string, env: NodeJS.ProcessEnv): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, [CLI_PATH, 'import', file], { env, stdio: ['ignore', 'ignore', 'ignore'] });
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve(performance.now() - started) : reject(new Error(`tokendeck import exited ${code}`))));
  });
}

export async function measureImport(organizations = 10_000, runs = 3): Promise<ImportFigures> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tokendeck-bench-import-'));
  const file = path.join(dir, 'setup.json');
  fs.writeFileSync(file, bigSetup(organizations));
  const samples: number[] = [];
  try {
    for (let run = 0; run < runs; run++) {
      const sandbox = createSandbox();
      try {
        samples.push(await timedImport(file, sandbox.env));
      } finally {
        await sandbox.cleanup();
      }
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  return { organizations, runs, seconds: median(samples) / 1000 };
}
