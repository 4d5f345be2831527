// `--allow-destination-change` of `org update`, `org env add|update|remove` and `client update`: a
// change of where a stored secret is sent goes through only when the user says so, and is then
// said out loud.
import type { DestinationChange } from '../core/destination-change.js';
import { capitalized } from '../core/destination-words.js';
import type { Organization } from '../core/model/entities.js';
import type { OrganizationChanges } from '../core/model/inputs.js';
import type { Vault } from '../core/vault.js';
import type { Parsed } from './command.js';
import type { CliIo } from './io.js';

/**
 * The destination change the user allowed with --allow-destination-change, said out loud; without
 * the flag none, and the vault refuses the change (DESTINATION_CHANGE) naming where it would go.
 */
export function allowedDestinationChange(args: Parsed, io: CliIo, change: DestinationChange | undefined): DestinationChange | undefined {
  if (!change || args.values['allow-destination-change'] !== true) return undefined;
  io.stderr.write(`${capitalized(change.message)} (--allow-destination-change).\n`);
  return change;
}

/** The organization changed as allowed: a destination change only with the flag (above). */
export function updateOrganizationAsAllowed(args: Parsed, io: CliIo, vault: Vault, name: string, changes: OrganizationChanges): Promise<Organization> {
  const approved = allowedDestinationChange(args, io, vault.organizationUpdateDestinationChange(name, changes));
  return vault.updateOrganization(name, changes, approved);
}
