// Compiled with the core (tsconfig.core.json): fails to compile once the DOM's globals reach it
// (a library that pulls in lib "dom"), which would let page-only code into main and the CLI.

// @ts-expect-error: main has no `document`
export const documentIsNotThere = (): unknown => document;
// @ts-expect-error: main has no `window`
export const windowIsNotThere = (): unknown => window;
