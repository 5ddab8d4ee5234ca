import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

const INDEX = pathToFileURL(new URL('../../dist/index.js', import.meta.url).pathname).href;

/** A config with one environment and the given plugin files, in a fresh folder. */
function project(plugins: Record<string, string>, secret = 'plugin-test-secret-0123456789'): { dir: string; env: Record<string, string> } {
  const dir = mkdtempSync(join(tmpdir(), 'hg-plugins-'));
  for (const [name, code] of Object.entries(plugins)) writeFileSync(join(dir, name), code);
  writeFileSync(
    join(dir, 'hubble.config.yaml'),
    `version: 1\nenvironments:\n  production:\n    clientId: c\n    hubbleSecret: \${S}\nplugins: [${Object.keys(plugins).map((p) => `./${p}`).join(', ')}]\n`,
  );
  return { dir, env: { S: secret } };
}

const run = (p: { dir: string; env: Record<string, string> }, extra: string[] = []) =>
  runCli(['check', '--env', 'production', '--offline', '--only', 'acme', ...extra], { cwd: p.dir, env: p.env });

describe('plugins', () => {
  it('a plugin made with defineCheck runs after the built-ins and counts in the verdict', async () => {
    const p = project({
      'status-page.mjs': `import { defineCheck, fail } from '${INDEX}';
export default defineCheck({ id: 'acme.status-page', title: 'Status page lists Hubble', network: false,
  explain: { verifies: 'v', why: 'w', fixes: ['f'] },
  run: (ctx) => [fail('status page does not list Hubble for ' + ctx.envName, { fix: 'Add the component.' })] });`,
    });
    const r = await run(p, ['--format', 'json']);
    const report = JSON.parse(r.stdout);
    expect(report.checks.map((c: { id: string }) => c.id)).toEqual(['acme.status-page']);
    expect(report.checks[0].findings[0]).toMatchObject({ status: 'fail', message: 'status page does not list Hubble for production', fix: 'Add the component.' });
    expect(r.code).toBe(1);
  });

  it('a plugin exporting a list, as plain objects, works too; one that throws is an error for itself alone (exit 3)', async () => {
    const p = project({
      'two.mjs': `export default [
  { id: 'acme.ok', title: 'ok', network: false, explain: { verifies: 'v', why: 'w', fixes: [] }, run: () => [{ status: 'pass', message: 'fine' }] },
  { id: 'acme.boom', title: 'boom', network: false, explain: { verifies: 'v', why: 'w', fixes: [] }, run: () => { throw new Error('kaboom'); } },
];`,
    });
    const r = await run(p, ['--format', 'json']);
    const report = JSON.parse(r.stdout);
    expect(report.checks.map((c: { id: string; status: string }) => `${c.id}:${c.status}`)).toEqual(['acme.ok:pass', 'acme.boom:error']);
    expect(report.checks[1].findings[0].message).toBe('the check itself failed: kaboom');
    expect(r.code).toBe(3);
  });

  it.each([
    ['a missing file', { 'x.mjs': '' }, './nope.mjs', /plugin .*nope\.mjs could not be loaded/],
    ['a module that is not a check', { 'bad.mjs': 'export default { id: 42 }' }, './bad.mjs', /plugin .*bad\.mjs must export default defineCheck/],
    ['an id a built-in check has', { 'dup.mjs': `export default { id: 'tls.protocol', title: 't', network: false, explain: {}, run: () => [] }` }, './dup.mjs', /defines check tls\.protocol, which already exists/],
  ])('%s is a one-line config error, exit 2', async (_name, files, ref, pattern) => {
    const p = project(files);
    writeFileSync(join(p.dir, 'hubble.config.yaml'), `version: 1\nenvironments:\n  production: {}\nplugins: [${ref}]\n`);
    const r = await runCli(['check', '--env', 'production', '--offline'], { cwd: p.dir });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(pattern);
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
  });

  it('a plugin that fails to load while quoting a secret has the secret taken out of the message', async () => {
    const secret = 'plugin-test-secret-0123456789';
    const p = project({ 'leaky.mjs': `throw new Error('cannot start: ' + process.env.S);` }, secret);
    const r = await run(p);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/could not be loaded: cannot start: \[redacted\]/);
    expect(r.stderr).not.toContain(secret);
  });
});
