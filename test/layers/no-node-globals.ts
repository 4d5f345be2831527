// Compiled with the page's projects (tsconfig.renderer.json, tsconfig.pure.json): fails to compile
// once Node's globals reach them, e.g. through a declaration file of main that mentions a Node
// type. The types: [] setting alone would not notice; a library's `reference types="node"` wins.

// @ts-expect-error: the page has no `process`
export const processIsNotThere = (): unknown => process;
// @ts-expect-error: the page has no `Buffer`
export const bufferIsNotThere = (): unknown => Buffer;
