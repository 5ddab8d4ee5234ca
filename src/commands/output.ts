import { accessSync, constants, existsSync, linkSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
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

/** Fails before any work when --output could not be written: a missing folder, or a folder given as the file. */
export function assertWritableTarget(path: string): void {
  const dir = dirname(resolve(path));
  try {
    if (!statSync(dir).isDirectory()) throw new UsageError(`--output ${path}: ${dir} is not a folder`);
    accessSync(dir, constants.W_OK);
  } catch (err) {
    if (err instanceof UsageError) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    throw new UsageError(`--output ${path}: ${code === 'ENOENT' ? `the folder ${dir} does not exist` : `cannot write in ${dir} (${code})`}`);
  }
  if (existsSync(path) && statSync(path).isDirectory()) throw new UsageError(`--output ${path}: is a folder; give a file name`);
}

/** Colour only on a TTY, never with NO_COLOR, in CI or with TERM=dumb (FORCE_COLOR overrides). */
export function useColor(stream: Pick<NodeJS.WriteStream, 'isTTY'>, env: NodeJS.ProcessEnv = process.env): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR === '0' || env.FORCE_COLOR === 'false') return false;
  if (env.FORCE_COLOR !== undefined) return true;
  return Boolean(stream.isTTY) && !env.CI && env.TERM !== 'dumb';
}

/**
 * A spinner only where a person watches: a TTY with a known width, outside CI. A pseudo-terminal
 * with 0 columns (`script`, `docker run -t`) would make the spinner redraw forever.
 */
export function useSpinner(stream: Pick<NodeJS.WriteStream, 'isTTY' | 'columns'>, env: NodeJS.ProcessEnv = process.env): boolean {
  return Boolean(stream.isTTY) && (stream.columns ?? 0) > 0 && !env.CI && env.TERM !== 'dumb';
}

/** A spinner on stderr where a person watches (see useSpinner), else undefined. Loads ora only then. */
export async function startSpinner(text: string): Promise<{ text: string; stop(): void } | undefined> {
  if (!useSpinner(process.stderr)) return undefined;
  const { default: ora } = await import('ora');
  return ora({
    text,
    stream: process.stderr,
    color: useColor(process.stderr) ? 'cyan' : false,
    // Leave stdin alone: raw mode would swallow Ctrl+C during synchronous work.
    discardStdin: false,
  }).start();
}
