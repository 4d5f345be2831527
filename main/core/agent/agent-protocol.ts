// What the CLI and the agent say to each other: one JSON line each way. The request names the
// command line and the caller's setting of everything that changes its answer; the answer is what
// the command printed and its exit code, or "not mine" (the CLI then does it itself). Node-free
// and import-free: the CLI's entry loads it.

export const AGENT_PROTOCOL_VERSION = 1;
/** A request is a command line and a few settings: far below this. */
export const MAX_REQUEST_BYTES = 64 * 1024;
/** An answer is a token or an error message: far below this. */
export const MAX_ANSWER_BYTES = 1024 * 1024;

/** The commands the agent answers: `token`, except `--copy` (the clipboard is the caller's, not the agent's). */
export function agentServes(argv: readonly string[]): boolean {
  return argv[0] === 'token' && !argv.some((word) => word === '--' || word.startsWith('--copy') || word === '--help' || word === '-h');
}

/**
 * The variables that change a `token`'s answer other than TOKENDECK_ENV (which the agent takes
 * from the caller): the agent answers only a caller whose settings are its own.
 */
export const MATCHED_VARIABLES = [
  'TOKENDECK_KEYCHAIN_SERVICE',
  'TOKENDECK_TIMEOUT_MS',
  'https_proxy',
  'HTTPS_PROXY',
  'http_proxy',
  'HTTP_PROXY',
  'no_proxy',
  'NO_PROXY',
  'NODE_EXTRA_CA_CERTS',
  'NODE_TLS_REJECT_UNAUTHORIZED',
] as const;

export interface AgentRequest {
  v: typeof AGENT_PROTOCOL_VERSION;
  argv: string[];
  /** The caller's resolved Tokendeck home. */
  home: string;
  /** The caller's MATCHED_VARIABLES, as set (empty: unset). */
  settings: Record<string, string>;
  /** The caller's TOKENDECK_ENV, or empty. */
  environment: string;
  /** Stated by the caller, not verified by the kernel (Node has no SO_PEERCRED): see agent-caller.ts. */
  pid: number;
  /** The caller's own words for what it is (its node and script); the agent prefers /proc. */
  program: string;
  stdoutIsTTY: boolean;
}

export type AgentAnswer = { v: typeof AGENT_PROTOCOL_VERSION; kind: 'answer'; stdout: string; stderr: string; code: number } | { v: typeof AGENT_PROTOCOL_VERSION; kind: 'not-mine'; why: string };

/** The caller's settings of MATCHED_VARIABLES (trimmed; unset and empty alike). */
export function matchedSettings(env: NodeJS.ProcessEnv): Record<string, string> {
  const settings: Record<string, string> = {};
  for (const name of MATCHED_VARIABLES) {
    const value = env[name]?.trim();
    if (value) settings[name] = value;
  }
  return settings;
}

const isStringRecord = (value: unknown): value is Record<string, string> =>
  typeof value === 'object' && value !== null && !Array.isArray(value) && Object.values(value).every((item) => typeof item === 'string');

/** The JSON object `line` holds, or undefined (not JSON, or JSON but not an object): one line of either side. */
function jsonObject(line: string): object | undefined {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return undefined;
  }
  return typeof value === 'object' && value !== null ? value : undefined;
}

/** The request in `line`, or undefined when it is not one (garbage, another version, wrong types). */
export function parseAgentRequest(line: string): AgentRequest | undefined {
  const value = jsonObject(line);
  if (!value) return undefined;
  const request = value as Partial<AgentRequest>;
  const ok =
    request.v === AGENT_PROTOCOL_VERSION &&
    Array.isArray(request.argv) &&
    request.argv.length <= 64 &&
    request.argv.every((word) => typeof word === 'string') &&
    typeof request.home === 'string' &&
    isStringRecord(request.settings) &&
    typeof request.environment === 'string' &&
    Number.isSafeInteger(request.pid) &&
    request.pid! > 0 &&
    typeof request.program === 'string' &&
    typeof request.stdoutIsTTY === 'boolean';
  return ok ? (request as AgentRequest) : undefined;
}

/** The answer in `line`, or undefined when it is not one. */
export function parseAgentAnswer(line: string): AgentAnswer | undefined {
  const value = jsonObject(line);
  if (!value) return undefined;
  const answer = value as Partial<{ v: number; kind: string; stdout: unknown; stderr: unknown; code: unknown; why: unknown }>;
  if (answer.v !== AGENT_PROTOCOL_VERSION) return undefined;
  if (answer.kind === 'not-mine' && typeof answer.why === 'string') return answer as AgentAnswer;
  if (answer.kind === 'answer' && typeof answer.stdout === 'string' && typeof answer.stderr === 'string' && Number.isInteger(answer.code)) return answer as AgentAnswer;
  return undefined;
}
