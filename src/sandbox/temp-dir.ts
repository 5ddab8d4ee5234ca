import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface TempDir {
  path: string;
  /** Writes a file in the directory (owner-only by default: it may hold throwaway secrets). */
  write(name: string, text: string, mode?: number): string;
  /** Removes the directory and everything in it. Safe to call twice. */
  remove(): void;
}

/**
 * A private directory under the OS temp dir (mode 0700), removed by `remove()` or, as a last
 * resort, when the process exits: a crash or process.exit() leaves nothing behind either.
 */
export function createTempDir(prefix: string): TempDir {
  const path = mkdtempSync(join(tmpdir(), prefix));
  const removeNow = () => rmSync(path, { recursive: true, force: true });
  process.once('exit', removeNow);
  return {
    path,
    write(name, text, mode = 0o600) {
      const file = join(path, name);
      writeFileSync(file, text, { mode });
      return file;
    },
    remove() {
      process.off('exit', removeNow);
      removeNow();
    },
  };
}
