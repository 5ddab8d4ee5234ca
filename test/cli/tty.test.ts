import { execFileSync, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BIN } from '../helpers/cli.js';

const EXAMPLE = new URL('../../hubble.config.example.yaml', import.meta.url).pathname;
const hasScript = existsSync('/usr/bin/script') && (() => {
  try {
    execFileSync('/usr/bin/script', ['-qc', 'true', '/dev/null'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

/** Runs the CLI under a real pseudo-terminal (util-linux `script`) with the given width. */
function onTty(cols: number, env: Record<string, string> = {}): Promise<{ out: string; ms: number; code: number | null }> {
  const cmd = `stty cols ${cols}; ${BIN} check --env production --offline --config ${EXAMPLE} --only urls`;
  return new Promise((resolve) => {
    const t0 = performance.now();
    const child = spawn('/usr/bin/script', ['-qc', cmd, '/dev/null'], { env: { PATH: process.env.PATH, TERM: 'xterm', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d.slice(0, 200_000 - out.length)));
    const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ out, ms: performance.now() - t0, code });
    });
  });
}

describe.skipIf(!hasScript)('on a terminal', () => {
  it('ends promptly on a pseudo-terminal with 0 columns (no endless spinner)', async () => {
    const r = await onTty(0);
    expect(r.ms).toBeLessThan(10_000);
    expect(r.out.length).toBeLessThan(20_000);
    expect(r.out).toMatch(/\d+ passed, \d+ warned, \d+ failed/);
  });
  it('uses colour on a terminal, none with NO_COLOR or CI', async () => {
    expect((await onTty(100)).out).toMatch(/\u001b\[3\dm/);
    expect((await onTty(100, { NO_COLOR: '1' })).out).not.toMatch(/\u001b\[3\dm/);
    expect((await onTty(100, { CI: 'true' })).out).not.toMatch(/\u001b\[3\dm/);
  });
});
