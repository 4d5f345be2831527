// The page imports this module (tsconfig.pure.json lists it): no Node, no Electron here.
// A response's size and time as the console and `tokendeck request --all-envs` write them.

export const formatBytes = (bytes: number) => (bytes < 1024 ? `${bytes} B` : bytes < 1024 * 1024 ? `${(bytes / 1024).toFixed(1)} KB` : `${(bytes / 1024 / 1024).toFixed(1)} MB`);

export const formatMs = (value: number) => `${value < 10 ? value.toFixed(1) : Math.round(value)} ms`;
