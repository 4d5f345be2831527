// Node 20's stand-in for Node 22's compile cache (compile-cache.ts chose the folder and trusts it):
// V8's code cache of each chunk of the built CLI, kept in that folder, so that a later `tokendeck`
// does not parse and compile the ~0.5 MB the token path loads (a third of what it costs over
// `node -e 0`, measured in issue 27's profile). The same mechanism as the compile cache, by hand:
// each chunk is compiled by vm.Script with the cached data when there is some, and on exit the
// cache of every chunk that had none (or had a rejected one) is written, with the functions the
// command ran compiled in.
//
// V8 checks only the length of the source a cache was made for, so the cache file's name must
// change with the chunk's text: it is the chunk's name, which carries the digest of its content
// (cli.vite.config.ts: `chunks/[name]-[hash].js`), with the chunk's size and modification time
// (against a hand edit) and Node's version. Not a digest computed here: node:crypto alone costs
// `--help` 6% of `node -e 0`. Only the CLI's own chunks are compiled this way; every other module
// loads as Node loads it. A chunk compiled so has no ES module loader for an import(): the build
// turns every import() into a require() (cli.vite.config.ts, dynamicImportInCjs), and
// test/cli/compile-cache.test.ts checks that none is left.
import fs from 'node:fs';
import Module from 'node:module';
import path from 'node:path';
import vm from 'node:vm';

interface CompilingModule {
  exports: unknown;
  _compile(content: string, filename: string): unknown;
}

/** Where the chunk's cache is: see above. */
function cacheFile(folder: string, filename: string): string {
  const { size, mtimeMs } = fs.statSync(filename);
  return path.join(folder, `${path.basename(filename, '.js')}.${size}-${Math.trunc(mtimeMs)}.node-${process.version}-${process.arch}.v8cache`);
}

function readCache(file: string): Buffer | undefined {
  try {
    return fs.readFileSync(file);
  } catch {
    return undefined;
  }
}

/** Written beside, then renamed into place: a reader sees a whole cache or none. */
function writeCache(file: string, data: Buffer): void {
  const partial = `${file}.${process.pid}.partial`;
  try {
    fs.writeFileSync(partial, data, { mode: 0o600, flag: 'wx' });
    fs.renameSync(partial, file);
  } catch {
    fs.rmSync(partial, { force: true });
  }
}

/** Compiles the CLI's chunks (the files directly in `chunks`) with their code cache in `folder` from now on. */
export function cacheChunksOf(chunks: string, folder: string): void {
  const proto = Module.prototype as unknown as CompilingModule;
  const compile = proto._compile;
  const toWrite: Array<{ script: vm.Script; file: string }> = [];
  proto._compile = function (this: CompilingModule, content: string, filename: string) {
    if (path.dirname(filename) !== chunks || content.startsWith('#!')) return compile.call(this, content, filename);
    const file = cacheFile(folder, filename);
    const cachedData = readCache(file);
    const script = new vm.Script(Module.wrap(content), { filename, ...(cachedData ? { cachedData } : {}) });
    if (!cachedData || script.cachedDataRejected) toWrite.push({ script, file });
    const run = script.runInThisContext() as (exports: unknown, require: NodeJS.Require, module: unknown, filename: string, dirname: string) => unknown;
    return run.call(this.exports, this.exports, Module.createRequire(filename), this, filename, path.dirname(filename));
  };
  process.once('exit', () => {
    for (const { script, file } of toWrite) {
      try {
        writeCache(file, script.createCachedData());
      } catch {
        // Only a cache: the command's outcome stands without it.
      }
    }
  });
}
