// A private X display (Xvfb) for clipboard tests: the real X selection, served by xclip.
import { spawn, type ChildProcess } from 'node:child_process';

export interface XDisplay {
  display: string;
  stop(): void;
}

export function startXvfb(): Promise<XDisplay> {
  return new Promise((resolve, reject) => {
    // -displayfd: Xvfb picks a free display and writes its number to fd 3 once it is ready.
    const server: ChildProcess = spawn('Xvfb', ['-displayfd', '3', '-nolisten', 'tcp', '-screen', '0', '640x480x24'], { stdio: ['ignore', 'ignore', 'ignore', 'pipe'] });
    let output = '';
    server.on('error', (error) => reject(new Error(`Xvfb could not start (${error.message}): apt-get install xvfb xclip`)));
    server.stdio[3]!.on('data', (chunk) => {
      output += chunk;
      if (output.includes('\n')) resolve({ display: `:${output.trim()}`, stop: () => server.kill() });
    });
  });
}
