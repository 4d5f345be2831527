// Words of a command Tokendeck prints or writes for a person to run (a hint in an error, an
// exported snippet): each value is one POSIX shell word, and an option's value is joined to its
// name with `=`, so a value that starts with "-" (a base64url thumbprint does, 1 time in 64) is
// never read as another option.

/** POSIX shell single quotes: only `'` itself needs care. */
export const shellQuote = (text: string) => `'${text.replaceAll("'", `'\\''`)}'`;

/** The word as it is where nothing in it is special to the shell, else single-quoted. */
export const shellWord = (text: string) => (/^[\w./@:=+,-]+$/.test(text) ? text : shellQuote(text));

/** `--name=value` as one shell word: never `--name value`, which breaks on a value starting with "-". */
export const optionWord = (name: string, value: string) => shellWord(`--${name}=${value}`);
