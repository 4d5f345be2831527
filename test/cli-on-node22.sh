#!/bin/sh
# The CLI's test files again, under Node 22 (`npm test` runs everything on the machine's Node,
# 20.19+ being what the CLI supports; development and Electron's tooling need 22.12+). Vitest
# itself runs on Node 22 here, so every built `tokendeck` the tests start runs on it too
# (test/support/cli.ts spawns process.execPath), and compile-cache.test.ts covers the compile
# cache the CLI turns on from Node 22.1. Node 22 is the npm registry's node-<platform>-<arch>
# package, installed once under node_modules/.cache (test/support/node22.ts). Needs `npm run
# build` first, as every CLI test does. Extra arguments go to vitest (a file filter, say).
set -eu
cd "$(dirname "$0")/.."
node22=$(node_modules/.bin/tsx -e "import { node22 } from './test/support/node22.ts'; process.stdout.write(node22());")
echo "The CLI tests again, under Node $("$node22" --version) ($node22)"
PATH="$(dirname "$node22"):$PATH"
export PATH
exec sh test/with-keyring.sh "$node22" node_modules/vitest/vitest.mjs run --config test/vitest.config.ts test/cli "$@"
