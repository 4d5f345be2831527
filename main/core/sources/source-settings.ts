// Which secret sources this machine has set up (issue 24): a pass store, a Vault/OpenBao server, the
// commands by name, each with the path prefixes an imported setup may reference. Kept in
// `sources.json` in the Tokendeck home (0600, written atomically), never in a setup file: a team's
// setup names references, and only what the user set up here decides what they may read. The Vault
// token and an AppRole's secret id are not here: they are in the OS keychain (`source/vault/…`).
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { writeFileAtomically } from '../atomic-write.js';
import { TokendeckError } from '../errors.js';
import { storePathProblem } from './reference.js';

export const SOURCES_FILE = 'sources.json';
const MAX_FILE_BYTES = 256 * 1024;

/** A prefix as the user gives it (`team/`, `secret/musimap`): stored without its trailing "/". */
const Prefix = z
  .string()
  .trim()
  .max(300)
  .transform((text, ctx) => {
    const bare = text.replace(/\/+$/, '');
    const problem = storePathProblem(bare);
    if (problem) {
      ctx.addIssue({ code: 'custom', message: `the prefix ${JSON.stringify(text.slice(0, 60))} is not a store path: ${problem}` });
      return z.NEVER;
    }
    return bare;
  });

const AbsolutePath = z
  .string()
  .min(1)
  .max(1000)
  .refine((p) => path.isAbsolute(p) && !/[\0\r\n]/.test(p), 'must be an absolute folder path');

export const PassSourceSettings = z.strictObject({
  /** The store's folder (PASSWORD_STORE_DIR): a clone of the team's repository. */
  storeDir: AbsolutePath,
  /** The GnuPG home to decrypt with; the user's own (GNUPGHOME or ~/.gnupg) when absent. */
  gnupgHome: AbsolutePath.optional(),
  /** Paths an imported setup may reference, segment by segment (`team` allows `team/musimap/prod`). */
  prefixes: z.array(Prefix).max(50),
  /** `git pull --ff-only` before a read that is not in memory: a teammate's rotation is then seen. */
  pull: z.boolean(),
});
export type PassSourceSettings = z.infer<typeof PassSourceSettings>;

export const VaultAuth = z.discriminatedUnion('method', [
  /** A token kept in the OS keychain (`source/vault/token`). */
  z.strictObject({ method: z.literal('token') }),
  /** VAULT_TOKEN of the environment Tokendeck runs in. */
  z.strictObject({ method: z.literal('env') }),
  /** AppRole login: the role id here, the secret id in the keychain (`source/vault/secret-id`). */
  z.strictObject({ method: z.literal('approle'), roleId: z.string().trim().min(1).max(200).regex(/^[\x21-\x7e]+$/, 'must be printable ASCII'), mount: Prefix.default('approle') }),
]);
export type VaultAuth = z.infer<typeof VaultAuth>;

export const VaultSourceSettings = z.strictObject({
  /** VAULT_ADDR: https://vault.example.com:8200 (http only on loopback). */
  address: z.string().trim().min(1).max(500),
  namespace: z.string().trim().min(1).max(300).optional(),
  /** `<mount>/<path>` prefixes an imported setup may reference: `secret/musimap`. */
  prefixes: z.array(Prefix).max(50),
  auth: VaultAuth,
});
export type VaultSourceSettings = z.infer<typeof VaultSourceSettings>;

const CommandName = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, 'must be 1-64 letters, digits, ".", "_" or "-"');

export const CommandSourceSettings = z.strictObject({
  argv: z.array(z.string().max(4000).refine((a) => !/[\0]/.test(a), 'must not hold a NUL character')).min(1).max(100),
  timeoutMs: z.number().int().min(1000).max(300_000).optional(),
});
export type CommandSourceSettings = z.infer<typeof CommandSourceSettings>;

export const SourceSettings = z.strictObject({
  sourcesVersion: z.literal(1),
  pass: PassSourceSettings.optional(),
  vault: VaultSourceSettings.optional(),
  commands: z.record(CommandName, CommandSourceSettings).default({}),
});
export type SourceSettings = z.infer<typeof SourceSettings>;

export const noSources = (): SourceSettings => ({ sourcesVersion: 1, commands: {} });

/** The sources file of one home: read on every use (the app and the CLI see each other's changes), written whole. */
export class SourceSettingsFile {
  readonly file: string;

  constructor(home: string) {
    this.file = path.join(home, SOURCES_FILE);
  }

  read(): SourceSettings {
    let text: string;
    try {
      const stat = fs.statSync(this.file);
      if (stat.size > MAX_FILE_BYTES) throw this.damaged(`it is over ${MAX_FILE_BYTES / 1024} KB`);
      text = fs.readFileSync(this.file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return noSources();
      if (error instanceof TokendeckError) throw error;
      throw new TokendeckError('STORE_CORRUPT', `Could not read the sources file ${this.file} (${(error as NodeJS.ErrnoException).code ?? 'error'}). Check its permissions.`);
    }
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch {
      throw this.damaged('it is not valid JSON');
    }
    const parsed = SourceSettings.safeParse(raw);
    if (!parsed.success) throw this.damaged(`${parsed.error.issues[0]?.path.join('.') || 'the top level'}: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
    return parsed.data;
  }

  write(settings: SourceSettings): void {
    const checked = SourceSettings.parse(settings);
    fs.mkdirSync(path.dirname(this.file), { recursive: true, mode: 0o700 });
    try {
      writeFileAtomically(this.file, `${JSON.stringify(checked, null, 2)}\n`);
    } catch (error) {
      throw new TokendeckError('STORE_UNWRITABLE', `Could not write the sources file ${this.file} (${(error as NodeJS.ErrnoException).code ?? 'error'}). Nothing was changed; check that the folder is writable.`);
    }
  }

  private damaged(why: string): TokendeckError {
    return new TokendeckError('STORE_CORRUPT', `The sources file ${this.file} is damaged: ${why}. Fix or remove it (it holds no secret: set the sources up again with tokendeck source add).`);
  }
}
