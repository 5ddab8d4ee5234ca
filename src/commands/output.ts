import { linkSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { UsageError } from '../errors.js';

/**
 * Writes a whole file or nothing: a temp file beside it, then a rename (or, when it must not
 * overwrite, a hard link, which fails if the target exists: no check-then-write race).
 */
export function writeFileAtomic(path: string, text: string, options: { overwrite: boolean } = { overwrite: true }): void {
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
  try {
    writeFileSync(tmp, text, { flag: 'wx', mode: 0o644 });
    if (options.overwrite) renameSync(tmp, path);
    else linkSync(tmp, path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') throw new UsageError(`${path} already exists; pass --force to overwrite it`);
    throw new UsageError(`${path}: cannot write (${code ?? String(err)})`);
  } finally {
    rmSync(tmp, { force: true });
  }
}

/** Colour only on a TTY, never with NO_COLOR or TERM=dumb. */
export function useColor(stream: NodeJS.WriteStream, env = process.env): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0') return true;
  return Boolean(stream.isTTY) && env.TERM !== 'dumb';
}

/** A spinner only where a person watches: a TTY, outside CI. */
export function useSpinner(stream: NodeJS.WriteStream, env = process.env): boolean {
  return Boolean(stream.isTTY) && !env.CI && env.TERM !== 'dumb';
}
