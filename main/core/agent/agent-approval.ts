// The app's approval of the agent's callers: it asks (main's dialog, agent-dialog.ts) before it
// answers a program it was not told to trust, and remembers "Always" for the app's run. A program
// is its executable and script with the program that ran it (for the CLI, `node …/tokendeck.js`
// run by a shell or a script): what the dialog shows is what is remembered.
import { programName, type AgentCaller } from './agent-caller.js';

export type ApprovalChoice = 'once' | 'always' | 'deny';

/**
 * A dialog nobody answers closes after this long as if denied: a script started when the user is
 * away ends with AGENT_DENIED instead of waiting for ever.
 */
export const APPROVAL_TIMEOUT_MS = 2 * 60_000;

/** What the dialog says; the buttons in the order of `APPROVAL_CHOICES`, Deny the default. */
export const APPROVAL_CHOICES: readonly ApprovalChoice[] = ['deny', 'once', 'always'];

export function approvalText(caller: AgentCaller, target: string): { message: string; detail: string; buttons: string[] } {
  const name = programName(caller);
  const lines = [`Program: ${caller.program}`, `Process: ${caller.pid}${caller.verified ? '' : ' (as the program states it)'}`];
  if (caller.parent) lines.push(`Started by: ${caller.parent.program} (pid ${caller.parent.pid})`);
  lines.push('', 'Only programs of your own user can ask. "Always" lasts until Tokendeck quits. Not answered in 2 minutes, it is denied.');
  return { message: `${name} (pid ${caller.pid}) asks for a token of ${target}`, detail: lines.join('\n'), buttons: ['Deny', 'Allow once', 'Always for this program'] };
}

/** What "Always" is remembered by: the program and the program that started it, never the pid. */
const programKey = (caller: AgentCaller) => `${caller.program}\n${caller.parent?.program ?? ''}`;

/**
 * The agent's `approve` hook over a dialog: asks once per program at a time (callers of a program
 * whose dialog is open wait for its answer), and not again for a program allowed "Always".
 */
export function rememberingApproval(ask: (caller: AgentCaller, target: string) => Promise<ApprovalChoice>): (caller: AgentCaller, target: string) => Promise<boolean> {
  const always = new Set<string>();
  const open = new Map<string, Promise<ApprovalChoice>>();
  return async (caller, target) => {
    const key = programKey(caller);
    if (always.has(key)) return true;
    let pending = open.get(key);
    if (!pending) {
      pending = ask(caller, target).finally(() => open.delete(key));
      open.set(key, pending);
    }
    const choice = await pending;
    if (choice === 'always') always.add(key);
    return choice !== 'deny';
  };
}
