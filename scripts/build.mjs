// Bundles the CLI into dist/ with esbuild. Code splitting keeps `--help` fast: each command's
// heavy code (undici, zod, yaml, ora, the checks) sits in a chunk loaded by `await import()`.
import { build } from 'esbuild';
import { readFile, rm } from 'node:fs/promises';


const pkg = JSON.parse(await readFile(new URL('../package.json', import.meta.url), 'utf8'));
// Start from an empty dist/: hashed chunk names would otherwise pile up build after build.
await rm(new URL('../dist', import.meta.url), { recursive: true, force: true });
await build({
  entryPoints: { cli: 'src/cli.ts', index: 'src/index.ts' },
  outdir: 'dist',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  packages: 'bundle',
  chunkNames: 'chunks/[name]-[hash]',
  define: { __VERSION__: JSON.stringify(pkg.version) },
  // undici is CommonJS; an ESM bundle needs a `require` for it.
  banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
  loader: { '.yaml': 'text' },
  legalComments: 'none',
  // Less to parse at start-up; identifiers are kept so error names stay readable.
  minifyWhitespace: true,
  minifySyntax: true,
  logLevel: 'warning',
});
