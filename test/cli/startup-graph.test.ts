import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const DIST = fileURLToPath(new URL('../../dist/', import.meta.url));

/** Every file `dist/cli.js` loads before running a command: its static imports, transitively. */
function staticGraph(entry: string): Map<string, string> {
  const seen = new Map<string, string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    const text = readFileSync(file, 'utf8');
    seen.set(file, text);
    // Static `import … from "./x.js"` only; `import("./x.js")` is loaded when a command runs.
    for (const m of text.matchAll(/(?:^|[;}\s])(?:import|export)\s*(?:[\w*{}\s,$]+from\s*)?["'](\.\.?\/[^"']+)["']/g)) {
      visit(join(dirname(file), m[1]!));
    }
  };
  visit(entry);
  return seen;
}

describe('start-up (the --help path)', () => {
  const graph = staticGraph(join(DIST, 'cli.js'));
  const all = [...graph.values()].join('\n');

  it('loads commander and the command declarations only: no undici, zod, yaml, chalk, ora, node:crypto', () => {
    expect(graph.size).toBeGreaterThan(1);
    for (const heavy of ['undici', 'ZodError', 'LineCounter', 'chalkStderr', 'cli-spinners', 'node:crypto', 'node:tls']) {
      expect(all, `${heavy} is loaded at start-up`).not.toContain(heavy);
    }
  });

  it('stays under 200 KB of JavaScript', () => {
    expect(all.length).toBeLessThan(200_000);
  });
});
