// Helpers shared by the benchmark scripts.
import * as osModule from 'node:os';
import { readFileSync, writeFileSync, existsSync } from 'node:fs';

const PERF = new URL('../docs/PERFORMANCE.md', import.meta.url);

/**
 * Replaces the section between `<!-- bench:NAME -->` and `<!-- /bench:NAME -->` in
 * docs/PERFORMANCE.md (appending it when missing), so each script owns its own section.
 */
export function writeSection(name, markdown) {
  const start = `<!-- bench:${name} -->`;
  const end = `<!-- /bench:${name} -->`;
  const block = `${start}\n${markdown.trim()}\n${end}`;
  let doc = existsSync(PERF) ? readFileSync(PERF, 'utf8') : '# Performance\n\nEvery figure below is written by a script in `bench/`; rerun it to refresh its section.\n';
  const re = new RegExp(`${start}[\\s\\S]*?${end}`);
  doc = re.test(doc) ? doc.replace(re, block) : `${doc.trimEnd()}\n\n${block}\n`;
  writeFileSync(PERF, doc);
}

export function median(values) {
  const s = [...values].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

export const machine = () => {
  const os = osModule;
  return `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, Node ${process.version}, ${new Date().toISOString().slice(0, 10)}`;
};

