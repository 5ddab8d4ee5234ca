// Start-up time: `hubble-golive --help` and an offline check, against bare `node -e 0`, in the
// same run, interleaved so that machine noise hits all three alike. Target: --help within 1.5x
// of bare node. Writes its section of docs/PERFORMANCE.md.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { machine, median, writeSection } from './lib.mjs';

const bin = fileURLToPath(new URL('../bin/hubble-golive.js', import.meta.url));
const example = fileURLToPath(new URL('../hubble.config.example.yaml', import.meta.url));
const runs = Number(process.env.RUNS ?? 30);
const env = {
  ...process.env,
  NO_COLOR: '1',
  HUBBLE_CLIENT_ID: 'c1', HUBBLE_APP_SECRET: 'a-production-secret-1', HUBBLE_SECRET: 'h-production-secret-1', HUBBLE_WEBHOOK_SECRET: 'w-production-secret-1',
  HUBBLE_STAGING_CLIENT_ID: 'c2', HUBBLE_STAGING_APP_SECRET: 'a-staging-secret-2', HUBBLE_STAGING_SECRET: 'h-staging-secret-2', HUBBLE_STAGING_WEBHOOK_SECRET: 'w-staging-secret-2',
};

const cases = {
  'node -e 0': [process.execPath, ['-e', '0']],
  'hubble-golive --help': [process.execPath, [bin, '--help']],
  'hubble-golive check --offline': [process.execPath, [bin, 'check', '--env', 'production', '--offline', '--config', example]],
};
const times = Object.fromEntries(Object.keys(cases).map((k) => [k, []]));

for (let i = 0; i < runs + 3; i++) {
  for (const [name, [cmd, args]] of Object.entries(cases)) {
    const t0 = process.hrtime.bigint();
    const r = spawnSync(cmd, args, { env, stdio: 'ignore' });
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    if (r.status !== 0 && !name.includes('check')) throw new Error(`${name} exited ${r.status}`);
    if (i >= 3) times[name].push(ms); // first rounds warm the file cache
  }
}

const base = median(times['node -e 0']);
const rows = Object.entries(times).map(([name, t]) => {
  const m = median(t);
  return `| \`${name}\` | ${m.toFixed(1)} | ${(m / base).toFixed(2)}x |`;
});
const helpRatio = median(times['hubble-golive --help']) / base;
const md = `## Start-up (\`bench/startup.mjs\`)

${runs} interleaved runs each, median wall time of the whole process; ${machine()}.

| command | median ms | vs bare node |
| --- | ---: | ---: |
${rows.join('\n')}

Target: \`--help\` within 1.5x of bare node: **${helpRatio.toFixed(2)}x, ${helpRatio <= 1.5 ? 'met' : 'NOT met'}**.
How: one esbuild bundle with code splitting; \`--help\` loads only commander and the command
declarations, every command's work (zod, yaml, undici, chalk, ora, the checks) is loaded by
\`await import()\` when the command runs.`;
writeSection('startup', md);
console.log(md);
