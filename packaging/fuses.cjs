// The Electron fuses every packaged Tokendeck flips (ARCHITECTURE.md, security invariant 4), keyed by
// FuseV1Options. Apart from the afterPack hook so a test can read them without a packaged binary.
'use strict';
const { FuseV1Options } = require('@electron/fuses');

// The first three close ways to run other code as the signed app, which is what the OS keychain
// trusts (macOS approves keychain access per code signature): a script, injected modules, a debugger.
const FUSES = Object.freeze({
  // ELECTRON_RUN_AS_NODE=1 would turn the binary into a plain Node.js that runs any script.
  [FuseV1Options.RunAsNode]: false,
  // NODE_OPTIONS could --require code into the main process, which holds the secrets.
  [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
  // --inspect would let any local process attach a debugger to the main process.
  [FuseV1Options.EnableNodeCliInspectArguments]: false,
  // The app sets no cookies, but whatever a session stores is then encrypted with an OS-held key.
  [FuseV1Options.EnableCookieEncryption]: true,
  // app.asar is checked against the hash electron-builder embeds (Electron does it on macOS and
  // Windows only).
  [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: true,
  // Without it a loose app folder next to app.asar would be loaded first, skipping that check.
  [FuseV1Options.OnlyLoadAppFromAsar]: true,
  // The renderer comes from tokendeck://, so file:// pages need none of their legacy privileges.
  [FuseV1Options.GrantFileProtocolExtraPrivileges]: false,
});

module.exports = { FUSES };
