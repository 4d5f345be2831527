// Who asks the agent: the process the CLI names. Node has no SO_PEERCRED, so the pid is the one
// the caller states, not one the kernel vouches for; on Linux the agent checks that /proc/<pid>
// is a live process of its own user and reads the program from there, not from the caller's words.
// Only the user's own processes can reach the socket at all (its folder is 0700): the pid and
// program say which of them asks, for the app's approval, not whether it may.
import fs from 'node:fs';
import path from 'node:path';

export interface AgentCaller {
  pid: number;
  /** The executable and, for an interpreter, its script: `/usr/bin/node /usr/lib/tokendeck/cli/tokendeck.js`. */
  program: string;
  /** The process that ran it (the shell or script asking for the token), when known. */
  parent?: { pid: number; program: string };
  /** Read from /proc (Linux); otherwise as the caller stated it. */
  verified: boolean;
}

/** The program's short name for a sentence (`node`, from `/usr/bin/node …/tokendeck.js`). */
export const programName = (caller: Pick<AgentCaller, 'program'>): string => path.basename(caller.program.split(' ')[0]!);

const INTERPRETER = /^(node|nodejs|bun|deno|python[0-9.]*|ruby|perl|sh|bash|zsh|dash)$/;

/** The program of a live process: its executable, and its script when the executable is an interpreter. */
function programOf(pid: number): string | undefined {
  try {
    const executable = fs.readlinkSync(`/proc/${pid}/exe`);
    const words = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
    const script = words[1];
    return INTERPRETER.test(path.basename(executable)) && script && !script.startsWith('-') ? `${executable} ${script}` : executable;
  } catch {
    return undefined;
  }
}

function parentPid(pid: number): number | undefined {
  try {
    // "pid (comm) state ppid …": comm may hold spaces and parentheses, so read after the last ')'.
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    return Number.isSafeInteger(ppid) && ppid > 1 ? ppid : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The caller, or why it is refused: with /proc, the stated pid must be a live process of `uid`.
 * Without /proc (macOS), the stated pid and program are taken as stated.
 */
export function identifyCaller(stated: { pid: number; program: string }, uid: number): AgentCaller | { refused: string } {
  if (!fs.existsSync('/proc/self/stat')) return { pid: stated.pid, program: stated.program.slice(0, 300), verified: false };
  const owner = fs.statSync(`/proc/${stated.pid}`, { throwIfNoEntry: false })?.uid;
  if (owner === undefined) return { refused: `the process it names (pid ${stated.pid}) is not running` };
  if (owner !== uid) return { refused: `the process it names (pid ${stated.pid}) belongs to another user (uid ${owner})` };
  const program = programOf(stated.pid) ?? stated.program.slice(0, 300);
  const ppid = parentPid(stated.pid);
  const parentProgram = ppid === undefined ? undefined : programOf(ppid);
  return { pid: stated.pid, program, ...(ppid !== undefined && parentProgram ? { parent: { pid: ppid, program: parentProgram } } : {}), verified: true };
}
