// Lets a bench script import the TypeScript sources (src/, checks/, test/helpers/) without a
// prior build: esbuild bundles the given export lines into one temporary ES module.
import { build } from 'esbuild';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));

/**
 * `source` holds TypeScript export lines with paths relative to the repository root, e.g.
 * `export { runChecks } from './src/engine/run.ts';`. Returns the module's namespace.
 */
export async function importTs(source, name = 'bench-entry') {
  const dir = mkdtempSync(join(tmpdir(), 'hubble-golive-bench-'));
  const outfile = join(dir, `${name}.mjs`);
  try {
    await build({
      stdin: { contents: source, resolveDir: ROOT, loader: 'ts', sourcefile: `${name}.ts` },
      outfile,
      bundle: true,
      format: 'esm',
      platform: 'node',
      target: 'node20',
      define: { __VERSION__: JSON.stringify('bench') },
      // undici is CommonJS; an ESM bundle needs a `require` for it.
      banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
      logLevel: 'warning',
    });
    return await import(pathToFileURL(outfile).href);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Runs `serve()` in a child process (this same script with `--serve`) so that the servers' work
 * is not counted in the parent's time and memory. The child sends one message when ready.
 */
export async function startServerChild(scriptUrl) {
  const { fork } = await import('node:child_process');
  const child = fork(fileURLToPath(scriptUrl), ['--serve'], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const ready = await new Promise((resolve, reject) => {
    child.once('message', resolve);
    child.once('exit', (code) => reject(new Error(`server child exited with ${code}`)));
  });
  return {
    ready,
    stop: () =>
      new Promise((resolve) => {
        child.once('exit', resolve);
        child.send('stop');
      }),
  };
}
