// What this host can tell about the process named in a lock file: whether it is still the same
// live process (a pid is reused after its process ends), whether it is stopped (Ctrl-Z), and a
// short name for it, for the message of a waiter that gives up. Linux answers through /proc;
// elsewhere only liveness is known.
import fs from 'node:fs';
import path from 'node:path';

/** Fields of /proc/<pid>/stat after the command name, which may itself hold spaces and parentheses. */
function statFields(pid: number): string[] | undefined {
  try {
    const text = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return text.slice(text.lastIndexOf(')') + 2).split(' ');
  } catch {
    return undefined;
  }
}

/**
 * When the process started, in clock ticks since boot (field 22 of /proc/<pid>/stat); undefined
 * where there is no /proc. Written in the lock so that a pid reused by a later process is not
 * taken for the owner.
 */
export function processStartTime(pid: number): string | undefined {
  return statFields(pid)?.[19];
}

function exists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists, under another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The process that wrote a lock line is still running (alive, stopped or not, and not a reused pid). */
export function isSameProcessAlive(pid: number, started: string | undefined): boolean {
  if (!exists(pid)) return false;
  if (started === undefined) return true;
  const now = processStartTime(pid);
  return now === undefined || now === started;
}

/** Stopped by a signal (Ctrl-Z, SIGSTOP) or by a debugger: state T or t. */
export function isStopped(pid: number): boolean {
  const state = statFields(pid)?.[0];
  return state === 'T' || state === 't';
}

/**
 * A short name for the process: `tokendeck import` for a CLI command (the script and its command
 * words, never its other arguments, which may name files), else the program's name; undefined
 * where it cannot be read.
 */
export function processName(pid: number): string | undefined {
  let argv: string[];
  try {
    argv = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
  } catch {
    return undefined;
  }
  if (argv.length === 0) return undefined;
  const script = argv.findIndex((arg, index) => index > 0 && /^tokendeck(\.js)?$/.test(path.basename(arg)));
  if (script < 0) return path.basename(argv[0]!);
  const words = [];
  for (const word of argv.slice(script + 1, script + 3)) {
    if (!/^[a-z][a-z-]*$/.test(word)) break;
    words.push(word);
  }
  return ['tokendeck', ...words].join(' ');
}
