import type { Report } from '../../src/engine/report.js';
import { runCli } from '../helpers/cli.js';
import { isolatedTmp } from './process.js';

/** Runs `demo` with its own TMPDIR; `leftovers` is what it left there. */
export async function demo(args: string[]) {
  const tmp = isolatedTmp();
  try {
    const started = performance.now();
    const result = await runCli(['demo', ...args], { env: { TMPDIR: tmp.path } });
    return { ...result, ms: performance.now() - started, leftovers: tmp.leftovers() };
  } finally {
    tmp.remove();
  }
}

export const statusOf = (report: Report, id: string) => report.checks.find((c) => c.id === id)?.status;

/** Runs at most `n` of the given tasks at once. */
export function createLimit(n: number) {
  let active = 0;
  const queue: (() => void)[] = [];
  return async <T>(task: () => Promise<T>): Promise<T> => {
    if (active >= n) await new Promise<void>((resolve) => queue.push(resolve));
    active++;
    try {
      return await task();
    } finally {
      active--;
      queue.shift()?.();
    }
  };
}
