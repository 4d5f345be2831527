// `node --import ./register-electron.mjs dist/main/index.js`: the built shell with the stand-in.
import { register } from 'node:module';

register('./electron-loader.mjs', import.meta.url);
