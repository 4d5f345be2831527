// Opens the system browser on a sign-in URL: the platform's opener started with the URL as one
// argument (never through a shell, which would read the URL's `&`), detached so the CLI does not
// wait for it. Where there is no display, or no opener, the person is told the URL instead.
import { spawn } from 'node:child_process';
import type { CliIo } from './io.js';

/** The opener and its arguments; undefined where no browser can be shown (a Linux box without a display). */
function opener(url: string, env: NodeJS.ProcessEnv): { file: string; args: string[] } | undefined {
  if (process.platform === 'darwin') return { file: 'open', args: [url] };
  // `start` is a cmd built-in (a shell); url.dll's handler opens the default browser without one.
  if (process.platform === 'win32') return { file: 'rundll32', args: ['url.dll,FileProtocolHandler', url] };
  if (!env.DISPLAY && !env.WAYLAND_DISPLAY) return undefined;
  return { file: 'xdg-open', args: [url] };
}

export const SIGN_IN_URL_LINE = 'Open this URL to sign in:';

/** `openBrowser` for TokenService.signIn: the browser opened (unless `print`), the URL on stderr in any case. */
export function browserOpener(io: CliIo, print: boolean): (url: string) => Promise<void> {
  return async (url) => {
    const how = print ? undefined : opener(url, io.env);
    if (!how) return void io.stderr.write(`${SIGN_IN_URL_LINE} ${url}\nWaiting for the sign-in… (Ctrl-C cancels)\n`);
    io.stderr.write(`Opening the browser to sign in. If it does not open, use this URL: ${url}\nWaiting for the sign-in… (Ctrl-C cancels)\n`);
    const child = spawn(how.file, how.args, { detached: true, stdio: 'ignore', shell: false });
    // No opener installed: the URL above is the way in.
    child.on('error', () => io.stderr.write(`Could not start ${how.file}. ${SIGN_IN_URL_LINE} ${url}\n`));
    child.unref();
  };
}
