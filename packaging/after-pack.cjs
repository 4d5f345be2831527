// electron-builder's afterPack hook: flips the fuses of packaging/fuses.cjs in the packaged
// Electron binary. It runs before electron-builder signs, so the signature covers the new wire.
'use strict';
const path = require('node:path');
const { flipFuses, FuseVersion } = require('@electron/fuses');
const { Arch } = require('electron-builder');
const { FUSES } = require('./fuses.cjs');

/**
 * Where the packaged Electron binary is. Reads only electronPlatformName, appOutDir,
 * packager.appInfo.productFilename and (Linux) packager.executableName.
 * @param {import('app-builder-lib').AfterPackContext} context
 * @returns {string}
 */
function binaryPath(context) {
  const { electronPlatformName, appOutDir, packager } = context;
  const name = packager.appInfo.productFilename;
  switch (electronPlatformName) {
    case 'darwin':
    case 'mas':
      // @electron/fuses follows this path to the Electron Framework, where the wire lives on macOS.
      return path.join(appOutDir, `${name}.app`, 'Contents', 'MacOS', name);
    case 'win32':
      return path.join(appOutDir, `${name}.exe`);
    case 'linux':
      // The Linux packager names the binary after executableName (lower-case by default), not
      // after the product: only the LinuxPackager has the field.
      if (!packager.executableName) throw new Error('afterPack: the Linux packager has no executableName');
      return path.join(appOutDir, packager.executableName);
    default:
      // A platform we do not know must fail the build rather than ship without fuses.
      throw new Error(`afterPack: no Electron binary layout known for ${electronPlatformName}`);
  }
}

/** @param {import('app-builder-lib').AfterPackContext} context */
async function afterPack(context) {
  const mac = context.electronPlatformName === 'darwin' || context.electronPlatformName === 'mas';
  // Apple silicon refuses to run a binary whose signature no longer matches, and an unsigned
  // build gets no new signature after this hook: re-sign it ad hoc (arm64, and universal's slice).
  const resetAdHocDarwinSignature = mac && (context.arch === Arch.arm64 || context.arch === Arch.universal);
  await flipFuses(binaryPath(context), { version: FuseVersion.V1, resetAdHocDarwinSignature, ...FUSES });
}

module.exports = { afterPack, binaryPath };
