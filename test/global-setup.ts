import { execFileSync } from 'node:child_process';

/** CLI tests spawn bin/hubble-golive.js, which runs dist/: build it once before any test. */
export default function setup(): void {
  execFileSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' });
}
