// What the main pane shows.
export type Selection =
  | { kind: 'tokens' }
  | { kind: 'inspector' }
  | { kind: 'setup' }
  | { kind: 'new-org' }
  | { kind: 'org'; org: string }
  | { kind: 'client'; org: string; client: string }
  | { kind: 'console'; org: string; client?: string };
