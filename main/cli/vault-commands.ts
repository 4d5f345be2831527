// `tokendeck org|client|key|list`: the vault from the command line. Secrets come from stdin only.
import fs from 'node:fs/promises';
import { TokendeckError } from '../core/errors.js';
import { isClean, type KeychainAudit } from '../core/keychain-audit.js';
import { isPending, keyLabel, type Organization, type SigningKey } from '../core/model/entities.js';
import type { OrganizationInput } from '../core/model/inputs.js';
import type { Scheme } from '../core/providers/schemes.js';
import { usesKid } from '../core/jwt-profile.js';
import { findKey } from '../core/key-ref.js';
import { organizationRemoval, removeOrganization, type OrganizationRemoval } from '../core/operations.js';
import { TRASH_DAYS, type TrashItem } from '../core/trash.js';
import type { VaultRemoval, VaultTree } from '../core/vault.js';
import {
  listOption,
  requiredOption,
  splitClientPath,
  stringOption,
  type Command,
  type Parsed,
} from './command.js';
import { usageOf } from './command-index.js';
import { CLIENT_SECRET_INPUT, confirmOnTerminal, printJson, printLines, readSecret, type CliIo } from './io.js';
import { jwtClientOptions, jwtClientSettings, profileFromArgs, profileOptions } from './profile-options.js';
import { oauth2Options, oauth2Settings, parseUser } from './settings-commands.js';
import { optionWord } from '../core/shell-words.js';

const json = { type: 'boolean' } as const;


function treeLines(tree: VaultTree): string[] {
  const lines: string[] = [];
  for (const org of tree.organizations) {
    lines.push(`${org.name}  (${org.provider})  ${org.apiBaseUrl ?? '-'}${org.tokenUrl ? `  token: ${org.tokenUrl}` : ''}`);
    for (const client of org.clients) {
      const secret = client.hasSecret ? 'secret stored' : 'no secret';
      lines.push(`  client ${org.name}/${client.name}  [${client.environment}]  id ${client.clientId}  ${secret}  default ${client.defaultScheme}`);
    }
    for (const key of org.keys) {
      lines.push(`  key ${key.kid ?? '(waiting for Key ID)'}  ${key.status}  ${key.thumbprint}`);
    }
  }
  return lines;
}

const orgAdd: Command = {
  usage: usageOf('org add'),
  positionals: 1,
  options: {
    provider: { type: 'string' },
    'api-url': { type: 'string' },
    'token-url': { type: 'string' },
    'allow-origin': { type: 'string', multiple: true },
    ...profileOptions,
  },
  async run(args, { io, vault }) {
    const jwt = profileFromArgs(args, undefined);
    // A preset says what the organization is: --provider jwt may be left out.
    const provider = (jwt && stringOption(args, 'provider') === undefined ? 'jwt' : requiredOption(args, 'provider', orgAdd.usage)) as OrganizationInput['provider'];
    const org = await vault().addOrganization({
      name: args.positionals[0]!,
      provider,
      apiBaseUrl: stringOption(args, 'api-url'),
      tokenUrl: stringOption(args, 'token-url'),
      allowedOrigins: listOption(args, 'allow-origin'),
      ...(jwt ? { jwt } : {}),
    });
    const profile = org.jwt ? ` with the ${org.jwt.preset} profile (${org.jwt.alg}, ${org.jwt.ttlSeconds} s, at most ${org.jwt.maxTtlSeconds} s)` : '';
    io.stderr.write(`Added organization ${org.name} (${org.provider})${profile}.\n`);
    // Said out loud: the preset chose where its tokens (GitHub: the app JWT) will be sent.
    if (org.jwt && org.apiBaseUrl && stringOption(args, 'api-url') === undefined) {
      io.stderr.write(`API URL: ${org.apiBaseUrl} (the ${org.jwt.preset} preset's; give --api-url for another, e.g. GitHub Enterprise).\n`);
    }
  },
};

const orgList: Command = {
  usage: usageOf('org list'),
  positionals: 0,
  options: { json },
  async run(args, { io, vault }) {
    const orgs = vault().organizations();
    if (args.values.json) return printJson(io, orgs);
    printLines(io, orgs.map((o) => `${o.name}\t${o.provider}\t${o.apiBaseUrl ?? '-'}`));
  },
};

const count = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
const named = (n: number, one: string, names: string[]) => `${count(n, one)}${names.length ? `: ${names.join(', ')}` : ''}`;
const TO_TRASH = `to the trash for ${TRASH_DAYS} days`;

/** What an organization's removal takes, line by line: what goes to the trash, what goes for good. */
function organizationRemovalLines(r: OrganizationRemoval): string[] {
  return [
    `Removing organization ${r.organization} takes:`,
    `  ${named(r.clients.length, 'client', r.clients)}`,
    `  ${named(r.secrets.length, 'client secret', r.secrets)} (${TO_TRASH})`,
    `  ${named(r.privateKeys.length, 'private key', r.privateKeys)} (${TO_TRASH}, with ${count(r.keys.length, 'key record')})`,
    `  ${count(r.cachedTokens, 'cached token')}, ${count(r.handouts, 'hand-out')}, ${count(r.historyEntries, 'console history entry', 'console history entries')} and ${count(r.savedRequests, 'saved request')} (deleted for good)`,
  ];
}

function clientRemovalLines(r: VaultRemoval, path: string): string[] {
  const secret = r.secrets.length ? `its secret (${TO_TRASH})` : 'no secret (none is stored)';
  return [`Removing client ${path} takes ${secret} and ${count(r.cachedTokens, 'cached token')} (deleted for good).`];
}

/**
 * What cannot be made again is changed only when the user says so: asked on a terminal, else
 * `--yes` (a script says it once, up front). Without either nothing changes (exit 2).
 */
async function confirmOrRefuse(args: Parsed, io: CliIo, lines: string[], question: string, nothing = 'Nothing was removed.'): Promise<void> {
  if (args.values.yes === true) return;
  if (!io.stdin.isTTY) throw new TokendeckError('USAGE', `${lines.join('\n')}\n${nothing} Add --yes to confirm.`);
  io.stderr.write(`${lines.join('\n')}\n`);
  if (!(await confirmOnTerminal(io, question))) throw new TokendeckError('CANCELLED', nothing);
}

const restoreHint = (item: TrashItem) => `until ${item.expiresAt.slice(0, 16).replace('T', ' ')} UTC: \`tokendeck trash restore ${item.name}\``;

const orgRemove: Command = {
  usage: usageOf('org remove'),
  positionals: 1,
  options: { yes: { type: 'boolean' } },
  async run(args, { io, core }) {
    const opened = await core();
    const removal = await organizationRemoval(opened, args.positionals[0]!);
    await confirmOrRefuse(args, io, organizationRemovalLines(removal), `Remove organization ${removal.organization}?`);
    const item = await removeOrganization(opened, removal.organization);
    io.stderr.write(
      `Removed organization ${item.name}: its clients and keys, ${count(item.secrets, 'client secret')} and ${count(item.privateKeys, 'private key')} are in the trash ${restoreHint(item)}. Its cached tokens, hand-outs and console history are deleted.\n`,
    );
  },
};

const clientAdd: Command = {
  usage: usageOf('client add'),
  positionals: 1,
  options: {
    env: { type: 'string' },
    'client-id': { type: 'string' },
    'secret-stdin': { type: 'boolean' },
    user: { type: 'string', multiple: true },
    'default-scheme': { type: 'string' },
    ...oauth2Options,
    ...jwtClientOptions,
  },
  async run(args, { io, vault }) {
    const path = splitClientPath(args.positionals[0]!);
    const scheme = stringOption(args, 'default-scheme');
    // --scope is the OAuth 2.0 client's scope, or the RFC 7523 request's for a signed-JWT client.
    const signedJwt = vault().organization(path.org).provider === 'jwt';
    const oauth2 = signedJwt ? undefined : oauth2Settings(args, undefined);
    const jwt = jwtClientSettings(args, undefined, signedJwt);
    const input = {
      name: path.client,
      environment: requiredOption(args, 'env', clientAdd.usage),
      clientId: requiredOption(args, 'client-id', clientAdd.usage),
      integrationUsers: listOption(args, 'user').map(parseUser),
      ...(scheme ? { defaultScheme: scheme as Scheme } : {}),
      ...(oauth2 ? { oauth2 } : {}),
      ...(jwt ? { jwt } : {}),
    };
    const secret = args.values['secret-stdin'] ? await readSecret(io, CLIENT_SECRET_INPUT, `Client secret for ${args.positionals[0]}: `) : undefined;
    const client = await vault().addClient(path.org, input, secret);
    io.stderr.write(`Added client ${path.org}/${client.name} [${client.environment}]${client.hasSecret ? ' with its secret in the keychain' : ''}.\n`);
  },
};

const clientSetSecret: Command = {
  usage: usageOf('client set-secret'),
  positionals: 1,
  options: {},
  async run(args, { io, vault }) {
    const path = splitClientPath(args.positionals[0]!);
    const secret = await readSecret(io, CLIENT_SECRET_INPUT, `Client secret for ${args.positionals[0]}: `);
    await vault().setClientSecret(path.org, path.client, secret);
    io.stderr.write(`Saved the secret of ${args.positionals[0]} in the keychain (the previous one, if any, is in the trash for ${TRASH_DAYS} days).\n`);
  },
};

const clientRemove: Command = {
  usage: usageOf('client remove'),
  positionals: 1,
  options: { yes: { type: 'boolean' } },
  async run(args, { io, vault }) {
    const path = splitClientPath(args.positionals[0]!);
    const removal = vault().removalOf(path.org, path.client);
    const name = `${removal.organization}/${removal.clients[0]}`;
    await confirmOrRefuse(args, io, clientRemovalLines(removal, name), `Remove client ${name}?`);
    const item = await vault().removeClient(path.org, path.client);
    io.stderr.write(`Removed client ${item.name}${item.secrets ? ': its secret is' : ': it is'} in the trash ${restoreHint(item)}.\n`);
  },
};

/** What to do with a key the dashboard has not yet given a Key ID. */
function pendingKeySteps(org: Organization, key: SigningKey): string {
  if (org.jwt && !usesKid(org)) return `The ${org.jwt.preset} profile names no Key ID: the key signs as it is. Give the vendor its public key (\`tokendeck key public ${org.name} --jwk\` for a JWK).`;
  const dashboard = org.jwt ? "the vendor's dashboard" : "MusicAPI's dashboard (Account Settings)";
  return `It is waiting for its Key ID: upload the public key to ${dashboard}, then run \`tokendeck key set-kid ${org.name} ${optionWord('thumbprint', key.thumbprint.slice(0, 8))} --kid <Key ID>\` with the Key ID it shows.`;
}

/** "P-256", "RSA", "Ed25519": the kind of key an algorithm signs with, for messages. */
const KEY_KIND: Record<SigningKey['algorithm'], string> = { ES256: 'P-256', ES384: 'P-384', RS256: 'RSA', PS256: 'RSA', EdDSA: 'Ed25519' };

const keyGenerate: Command = {
  usage: usageOf('key generate'),
  positionals: 1,
  options: { kid: { type: 'string' } },
  async run(args, { io, vault }) {
    const org = vault().organization(args.positionals[0]!);
    const { key, publicKeyPem } = await vault().generateKey(org.name, stringOption(args, 'kid'));
    io.stdout.write(publicKeyPem);
    io.stderr.write(
      isPending(key)
        ? `Generated ${KEY_KIND[key.algorithm]} key ${keyLabel(key, usesKid(org))} (thumbprint ${key.thumbprint}); the private key is in the keychain. ${pendingKeySteps(org, key)}\n`
        : `Generated ${KEY_KIND[key.algorithm]} key ${key.kid} (thumbprint ${key.thumbprint}); the private key is in the keychain. Paste the public key above into the vendor's dashboard.\n`,
    );
  },
};

const keySetKid: Command = {
  usage: usageOf('key set-kid'),
  positionals: 1,
  options: { thumbprint: { type: 'string' }, kid: { type: 'string' } },
  async run(args, { io, vault }) {
    const kid = requiredOption(args, 'kid', keySetKid.usage);
    const key = await vault().setKeyId(args.positionals[0]!, stringOption(args, 'thumbprint'), kid);
    io.stderr.write(`Key ${key.thumbprint.slice(0, 8)} of ${args.positionals[0]} now has the Key ID ${key.kid}: new DevTokens are signed with it.\n`);
  },
};

async function readPemFile(file: string): Promise<string> {
  try {
    const stat = await fs.stat(file);
    if (stat.size > 64 * 1024) throw new TokendeckError('BAD_KEY', `${file} is far too large to be a key PEM.`);
    return await fs.readFile(file, 'utf8');
  } catch (error) {
    if (error instanceof TokendeckError) throw error;
    const code = (error as NodeJS.ErrnoException).code ?? 'unreadable';
    throw new TokendeckError('VALIDATION', `Invalid --file: cannot read ${file} (${code}).`);
  }
}

const keyImport: Command = {
  usage: usageOf('key import'),
  positionals: 1,
  options: { kid: { type: 'string' }, file: { type: 'string' } },
  async run(args, { io, vault }) {
    const org = vault().organization(args.positionals[0]!);
    const pem = await readPemFile(requiredOption(args, 'file', keyImport.usage));
    const key = await vault().importKey(org.name, stringOption(args, 'kid'), pem);
    io.stderr.write(`Imported key ${keyLabel(key, usesKid(org))} (thumbprint ${key.thumbprint}) into the keychain. You may now delete the PEM file.${isPending(key) ? ` ${pendingKeySteps(org, key)}` : ''}\n`);
  },
};

const keyPublic: Command = {
  usage: usageOf('key public'),
  positionals: 1,
  options: { kid: { type: 'string' }, jwk: { type: 'boolean' } },
  async run(args, { io, vault }) {
    const org = vault().organization(args.positionals[0]!);
    const keys = vault().keys(org.name);
    const ref = stringOption(args, 'kid');
    const active = keys.filter((k) => k.status === 'active').sort((a, b) => b.createdAt.localeCompare(a.createdAt));
    const key = ref === undefined ? active[0] : findKey(org.name, keys, ref);
    if (!key) throw new TokendeckError('NOT_FOUND', `Organization "${org.name}" has no active key. Generate one (\`tokendeck key generate ${org.name}\`) or import one.`);
    if (!args.values.jwk) return void io.stdout.write(key.publicKeyPem);
    const { publicJwk } = await import('../core/signing-keys.js');
    printJson(io, publicJwk(key.publicKeyPem, key.algorithm, key.kid));
  },
};

const keyList: Command = {
  usage: usageOf('key list'),
  positionals: 1,
  options: { json },
  async run(args, { io, vault }) {
    const keys = vault().keys(args.positionals[0]!);
    if (args.values.json) return printJson(io, keys);
    printLines(io, keys.map((k) => `${k.kid ?? '(waiting for Key ID)'}\t${k.status}\t${k.thumbprint}\t${k.createdAt}`));
  },
};

const keyRetire: Command = {
  usage: usageOf('key retire'),
  positionals: 1,
  options: { kid: { type: 'string' }, yes: { type: 'boolean' } },
  async run(args, { io, vault }) {
    const kid = requiredOption(args, 'kid', keyRetire.usage);
    if (args.values.yes !== true) throw new TokendeckError('USAGE', `Retiring ${kid} stops it signing and moves its private key to the trash (${TRASH_DAYS} days). Add --yes to confirm.`);
    await vault().retireKey(args.positionals[0]!, kid);
    io.stderr.write(
      `Retired ${kid}: its private key is in the trash for ${TRASH_DAYS} days (\`tokendeck trash list\`; restoring it makes the key active again). Re-mint DevTokens signed with it: \`tokendeck key remint ${args.positionals[0]}\`.\n`,
    );
  },
};

const keyRemint: Command = {
  usage: usageOf('key remint'),
  positionals: 1,
  options: {},
  async run(args, { io, tokens }) {
    const reminted = await tokens().remintStale(args.positionals[0]!);
    io.stderr.write(`Minted ${reminted} DevToken(s) again with the current key.\n`);
  },
};

const list: Command = {
  usage: usageOf('list'),
  positionals: 0,
  options: { json },
  async run(args: Parsed, { io, vault }) {
    const tree = vault().tree();
    if (args.values.json) return printJson(io, tree);
    if (tree.organizations.length === 0) return void io.stderr.write('The vault is empty. Start with `tokendeck org add <org> --provider musicapi|musimap|oauth2`.\n');
    printLines(io, treeLines(tree));
  },
};

function auditLines(audit: KeychainAudit): string[] {
  return [
    ...audit.missingSecrets.map(({ org, client }) => `secret missing: ${org}/${client} (set it again with \`tokendeck client set-secret ${org}/${client}\`)`),
    ...audit.missingPrivateKeys.map(({ org, kid }) => `private key missing: ${org} key ${kid} (import it again, or generate a new key)`),
    ...audit.orphans.map((account) => `orphaned keychain entry: ${account} (--fix moves it to the trash)`),
  ];
}

/**
 * Orphans may be this home's secrets (its vault.json moved aside) or another home's sharing the
 * keychain service: the repair moves them to the trash, and only when the user says so (a
 * terminal's question, or --yes; without either nothing changes, exit 2).
 */
async function confirmRepair(args: Parsed, io: CliIo, audit: KeychainAudit): Promise<void> {
  if (!audit.orphans.length) return;
  const lines = [
    `The repair moves ${count(audit.orphans.length, 'keychain entry', 'keychain entries')} the vault does not list to the trash (kept ${TRASH_DAYS} days, \`tokendeck trash restore "keychain orphans"\` puts them back):`,
    ...audit.orphans.map((account) => `  ${account}`),
    'They may be secrets of a vault.json that was moved aside, or of another Tokendeck home using the same keychain service.',
  ];
  await confirmOrRefuse(args, io, lines, 'Make them agree?', 'Nothing was changed.');
}

const doctor: Command = {
  usage: usageOf('doctor'),
  positionals: 0,
  options: { json, fix: { type: 'boolean' }, yes: { type: 'boolean' } },
  async run(args: Parsed, { io, vault }) {
    const before = await vault().auditKeychain();
    if (args.values.fix && !isClean(before)) await confirmRepair(args, io, before);
    const after = args.values.fix && !isClean(before) ? await vault().repairKeychain() : before;
    // Exit 1 while they disagree, so scripts can check.
    const code = isClean(after) ? 0 : 1;
    if (args.values.json) return (printJson(io, { found: before, ...(args.values.fix ? { after } : {}) }), code);
    if (isClean(before)) return (io.stderr.write('The vault and the keychain agree.\n'), code);
    printLines(io, auditLines(before));
    io.stderr.write(args.values.fix ? (isClean(after) ? 'Fixed: they agree now.\n' : 'Some problems remain.\n') : 'Run `tokendeck doctor --fix` to make them agree.\n');
    return code;
  },
};

export const vaultCommands: Record<string, Command> = {
  'org add': orgAdd,
  'org list': orgList,
  'org remove': orgRemove,
  'client add': clientAdd,
  'client set-secret': clientSetSecret,
  'client remove': clientRemove,
  'key generate': keyGenerate,
  'key public': keyPublic,
  'key import': keyImport,
  'key set-kid': keySetKid,
  'key list': keyList,
  'key retire': keyRetire,
  'key remint': keyRemint,
  list,
  doctor,
};
