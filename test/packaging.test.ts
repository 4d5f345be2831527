// Packaging, ARCHITECTURE.md, security invariant 4: electron-builder.yml as electron-builder itself loads
// and validates it, the macOS entitlements, and the fuses the afterPack hook flips. No installer
// is built here (that needs the Electron binary).
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { FuseV1Options, getCurrentFuseWire } from '@electron/fuses';
import type { AfterPackContext, AppInfo, Configuration, LinuxPackager, TargetConfigType } from 'app-builder-lib';
import { Arch } from 'electron-builder';
import { beforeAll, describe, expect, it } from 'vitest';

// electron-builder's internals and the hook are CommonJS outside its public exports: loaded the
// way electron-builder loads them, typed from their own declarations where they have some.
const require = createRequire(import.meta.url);
const { getConfig, validateConfiguration } = require('app-builder-lib/out/util/config/config.js') as typeof import('app-builder-lib/out/util/config/config.js');
const { resolveFunction } = require('app-builder-lib/out/util/resolve.js') as typeof import('app-builder-lib/out/util/resolve.js');
const { DebugLogger } = require('builder-util') as typeof import('builder-util');
const { FuseState, SENTINEL } = require('@electron/fuses/dist/constants.js') as typeof import('@electron/fuses/dist/constants.js');
// The parser electron-builder reads Info.plist with (it has no type declarations).
const plist = require('plist') as { parse(xml: string): unknown };

/** The fields of AfterPackContext that binaryPath reads, under their real names. */
type BinaryContext = Pick<AfterPackContext, 'electronPlatformName' | 'appOutDir'> & {
  packager: { appInfo: Pick<AppInfo, 'productFilename'> } & Partial<Pick<LinuxPackager, 'executableName'>>;
};
const { FUSES } = require('../packaging/fuses.cjs') as { FUSES: Partial<Record<FuseV1Options, boolean>> };
const { afterPack, binaryPath } = require('../packaging/after-pack.cjs') as {
  afterPack: (context: BinaryContext & Pick<AfterPackContext, 'arch'>) => Promise<void>;
  binaryPath: (context: BinaryContext) => string;
};

const root = path.join(import.meta.dirname, '..');
let config: Configuration;
beforeAll(async () => {
  config = await getConfig(root, path.join(root, 'electron-builder.yml'), null);
});

function targetNames(targets: TargetConfigType | undefined): string[] {
  return [targets ?? []].flat().map((target) => (typeof target === 'string' ? target : target.target));
}

describe('electron-builder.yml', () => {
  it('passes electron-builder’s own schema validation', async () => {
    await expect(validateConfiguration(config, new DebugLogger(false))).resolves.toBeUndefined();
  });

  it('would fail that validation with a misspelt option', async () => {
    const misspelt = { ...config, mac: { ...config.mac, hardenedRuntim: true } } as Configuration;
    await expect(validateConfiguration(misspelt, new DebugLogger(false))).rejects.toThrow(/configuration\.mac/);
  });

  it('builds AppImage and deb on Linux, a dmg on macOS and an NSIS installer on Windows', () => {
    expect(targetNames(config.linux?.target)).toEqual(['AppImage', 'deb']);
    expect(targetNames(config.mac?.target)).toEqual(['dmg']);
    expect(targetNames(config.win?.target)).toEqual(['nsis']);
  });

  it('packs the app into app.asar, which the asar fuses rely on', () => {
    expect(config.asar).toBe(true);
  });

  it('signs macOS builds with the hardened runtime and entitlements that grant only JIT', () => {
    expect(config.mac?.hardenedRuntime).toBe(true);
    // Both set: the helpers would otherwise get electron-builder's looser template.
    for (const file of [config.mac?.entitlements, config.mac?.entitlementsInherit]) {
      expect(file).toBeTypeOf('string');
      const entitlements = plist.parse(fs.readFileSync(path.resolve(root, file!), 'utf8'));
      expect(entitlements).toEqual({ 'com.apple.security.cs.allow-jit': true });
    }
  });

  it('flips the fuses in its own afterPack hook, not a second time through electronFuses', async () => {
    expect(config.afterPack).toBeTypeOf('string');
    expect(fs.existsSync(path.resolve(root, config.afterPack as string))).toBe(true);
    // Resolved as electron-builder resolves hooks (relative to the working folder, the project).
    expect(await resolveFunction(undefined, config.afterPack, 'afterPack', root)).toBe(afterPack);
    expect(config.electronFuses ?? undefined).toBeUndefined();
  });
});

describe('fuses', () => {
  const byName = (fuses: Partial<Record<FuseV1Options, unknown>>) =>
    Object.fromEntries(Object.entries(fuses).map(([index, value]) => [FuseV1Options[Number(index)], value]));

  it('sets exactly the fuses of ARCHITECTURE.md, security invariant 4', () => {
    expect(byName(FUSES)).toEqual({
      RunAsNode: false,
      EnableNodeOptionsEnvironmentVariable: false,
      EnableNodeCliInspectArguments: false,
      EnableCookieEncryption: true,
      EnableEmbeddedAsarIntegrityValidation: true,
      OnlyLoadAppFromAsar: true,
      GrantFileProtocolExtraPrivileges: false,
    });
  });

  it('are written into the binary by the afterPack hook', async () => {
    // A stand-in binary: @electron/fuses finds the wire after its sentinel (wire version 1, its
    // length, one byte per fuse). Each fuse starts opposite to Tokendeck's choice, so each must flip.
    const appOutDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tokendeck-fuses-'));
    const binary = path.join(appOutDir, 'tokendeck');
    try {
      const wire = Buffer.alloc(8, FuseState.DISABLE);
      for (const [index, on] of Object.entries(FUSES)) wire[Number(index)] = on ? FuseState.DISABLE : FuseState.ENABLE;
      fs.writeFileSync(binary, Buffer.concat([Buffer.from('machine code before the wire'), Buffer.from(SENTINEL), Buffer.from([1, wire.length]), wire]));
      await afterPack({ electronPlatformName: 'linux', appOutDir, arch: Arch.x64, packager: { appInfo: { productFilename: 'Tokendeck' }, executableName: 'tokendeck' } });
      const flipped = await getCurrentFuseWire(binary);
      const written = Object.fromEntries(Object.keys(FUSES).map((index) => [index, flipped[Number(index) as FuseV1Options] === FuseState.ENABLE]));
      expect(byName(written)).toEqual(byName(FUSES));
      // The one fuse Tokendeck leaves alone keeps the binary's own setting.
      expect(flipped[FuseV1Options.LoadBrowserProcessSpecificV8Snapshot]).toBe(FuseState.DISABLE);
    } finally {
      fs.rmSync(appOutDir, { recursive: true, force: true });
    }
  });
});

describe('afterPack: where the Electron binary is', () => {
  const context = (electronPlatformName: string): BinaryContext => ({
    electronPlatformName,
    appOutDir: path.join('release', 'out'),
    packager: { appInfo: { productFilename: 'Tokendeck' }, executableName: 'tokendeck' },
  });

  it('macOS: the executable inside the .app bundle', () => {
    expect(binaryPath(context('darwin'))).toBe(path.join('release', 'out', 'Tokendeck.app', 'Contents', 'MacOS', 'Tokendeck'));
  });

  it('Windows: the product’s .exe', () => {
    expect(binaryPath(context('win32'))).toBe(path.join('release', 'out', 'Tokendeck.exe'));
  });

  it('Linux: the executable name, not the product name', () => {
    expect(binaryPath(context('linux'))).toBe(path.join('release', 'out', 'tokendeck'));
  });

  it('refuses a platform it does not know rather than ship without fuses', () => {
    expect(() => binaryPath(context('freebsd'))).toThrow(/freebsd/);
  });
});
