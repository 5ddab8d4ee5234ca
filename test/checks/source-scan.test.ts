import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import check, { judgeScan, scanNeedles } from '../../checks/source-scan.js';
import { parseConfig } from '../../src/config/load.js';
import type { CheckContext } from '../../src/engine/check.js';
import { scanDirectories } from '../../src/hubble/scan.js';

const PROD_SECRET = 'prod-app-secret-0123456789abcdef';
const STG_SECRET = 'stg-hubble-secret-fedcba9876543210';

function context(tree: Record<string, string | Buffer>, extra: { sourceDirs?: string[]; tier?: string } = {}): { ctx: CheckContext; root: string } {
  const root = mkdtempSync(join(tmpdir(), 'hg-scan-'));
  for (const [path, content] of Object.entries(tree)) {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), content);
  }
  const config = parseConfig(
    `version: 1
environments:
  staging:
    hubbleSecret: \${STG}
  production:
    ${extra.tier ? `tier: ${extra.tier}` : ''}
    appSecret: \${PROD}
    hubbleSecret: short
    sourceDirs: [${(extra.sourceDirs ?? ['app']).join(', ')}]
`,
    join(root, 'hubble.config.yaml'),
    { env: { PROD: PROD_SECRET, STG: STG_SECRET } },
  );
  const env = config.environments.production!;
  const ctx = {
    envName: 'production',
    env,
    tier: env.tier,
    config,
    others: [config.environments.staging!],
    options: { sourceDirs: [], offline: true, timeoutMs: 1000, concurrency: 1, allowMutations: false, strict: false },
    signal: new AbortController().signal,
  } as unknown as CheckContext;
  return { ctx, root };
}

describe('source.scan', () => {
  it('fails on a staging host in a production build, naming file:line', async () => {
    const { ctx } = context({ 'app/dist/main.js': 'const a = 1;\nfetch("https://api.dev.myhubble.money/v1")\n' });
    const findings = (await check.run(ctx)).filter((f) => f.status === 'fail');
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ status: 'fail', message: 'staging host api.dev.myhubble.money appears in app/dist/main.js:2', target: 'app/dist/main.js:2' });
  });

  it("fails on any environment's secret value, masked, with its fingerprint and never the value", async () => {
    const { ctx } = context({ 'app/src/config.ts': `export const s = "${STG_SECRET}"; // hubble\nconst x = '${PROD_SECRET}'` });
    const findings = await check.run(ctx);
    const text = JSON.stringify(findings);
    expect(findings.filter((f) => f.status === 'fail')).toHaveLength(2);
    expect(text).toContain('staging hubbleSecret (sha256:');
    expect(text).toContain('app/src/config.ts:1');
    expect(text).toContain('production appSecret (sha256:');
    expect(text).not.toContain(STG_SECRET);
    expect(text).not.toContain(PROD_SECRET);
    expect(text).not.toContain(PROD_SECRET.slice(0, 12));
  });

  it('passes on clean files and says how much it read; warns about secrets too short to search', async () => {
    const { ctx } = context({ 'app/a.js': 'https://sdk.myhubble.money\n', 'app/b/c.txt': 'hello\n' });
    const findings = await check.run(ctx);
    expect(findings.map((f) => f.status).sort()).toEqual(['pass', 'warn']);
    expect(findings.find((f) => f.status === 'pass')!.message).toMatch(/^no staging host or secret value in 2 files/);
    expect(findings.find((f) => f.status === 'warn')!.message).toMatch(/shorter than 8 characters: production hubbleSecret/);
  });

  it('does not look for staging hosts on a staging tier', async () => {
    const { ctx } = context({ 'app/a.js': 'https://sdk.dev.myhubble.money\n' }, { tier: 'staging' });
    expect((await check.run(ctx)).some((f) => f.status === 'fail')).toBe(false);
  });

  it('passes over node_modules, .git and binary files', async () => {
    const { ctx } = context({
      'app/node_modules/x/index.js': 'sdk.dev.myhubble.money',
      'app/.git/config': 'sdk.dev.myhubble.money',
      'app/logo.png': Buffer.concat([Buffer.from([0x89, 0x50, 0, 0]), Buffer.from('sdk.dev.myhubble.money')]),
      'app/ok.js': 'ok',
    });
    expect((await check.run(ctx)).some((f) => f.status === 'fail')).toBe(false);
  });

  it('fails on a directory that does not exist, naming it', async () => {
    const { ctx, root } = context({}, { sourceDirs: ['nope'] });
    const findings = await check.run(ctx);
    expect(findings).toEqual([expect.objectContaining({ status: 'fail', message: `${join(root, 'nope')} does not exist, so it was not scanned` })]);
  });

  it('is skipped, with the way to enable it, when no directory is configured', () => {
    const { ctx } = context({});
    ctx.env.sourceDirs = [];
    expect(check.skipReason!(ctx)).toMatch(/set sourceDirs in the config or pass --source DIR/);
  });
});

describe('scan details', () => {
  it('reports every occurrence with line and column, and masks secrets in the excerpt even when cut', async () => {
    const root = mkdtempSync(join(tmpdir(), 'hg-scan-'));
    const secret = 'abcdefghijklmnopqrstuvwxyz0123456789';
    writeFileSync(join(root, 'f.js'), `${'x'.repeat(100)}${secret}\nline2 ${secret} ${secret}\n`);
    const scan = await scanDirectories([root], [{ value: secret, label: 's', kind: 'secret' }]);
    expect(scan.hits.map((h) => [h.line, h.column])).toEqual([[1, 101], [2, 7], [2, 44]]);
    for (const h of scan.hits) expect(h.excerpt).not.toMatch(/abcdefgh|23456789/);
  });

  it('stops at the file limit and says so', async () => {
    const root = mkdtempSync(join(tmpdir(), 'hg-scan-'));
    for (let i = 0; i < 5; i++) writeFileSync(join(root, `${i}.js`), 'x');
    const scan = await scanDirectories([root], [], { maxFiles: 3, maxFileBytes: 1000 });
    expect(scan.truncated).toBe(true);
    expect(judgeScan(scan, [root], []).some((f) => f.status === 'warn' && /stopped after 3 files/.test(f.message))).toBe(true);
  });

  it('needles: staging hosts only for production, secrets of every environment', () => {
    const { ctx } = context({});
    const { needles } = scanNeedles(ctx);
    expect(needles.filter((n) => n.kind === 'staging-host').map((n) => n.value)).toContain('sdk.dev.myhubble.money');
    expect(needles.filter((n) => n.kind === 'secret').map((n) => n.label.split(' (')[0])).toEqual(['production appSecret', 'staging hubbleSecret']);
  });
});

describe('excerpts hide other credentials on the same line', () => {
  it.each([
    ['const other="password=Hunter2Hunter2"', 'password=****'],
    ['fetch(`https://x.com/a?token=TOKENVALUE123456&b=1`)', 'token=****'],
    ['{"apiKey": "AKIA1234567890"}', '"apiKey": "****"'],
    ['db = "postgres://admin:S3cretPw@db.internal/app"', 'postgres://***@db.internal/app'],
  ])('%s', async (line, shown) => {
    const { maskCredentialLike } = await import('../../src/hubble/scan.js');
    const masked = maskCredentialLike(line);
    expect(masked).toContain(shown);
    expect(masked).not.toMatch(/Hunter2|TOKENVALUE|AKIA123|S3cretPw/);
  });
});

describe('.env files', () => {
  it('a secret in a .env file is a warning about keeping it out of git and builds, not a failure', async () => {
    const { ctx } = context({ 'app/.env.staging': `HUBBLE_STAGING_SECRET=${STG_SECRET}\n`, 'app/dist/main.js': 'ok' });
    const findings = await check.run(ctx);
    expect(findings.filter((f) => f.status === 'fail')).toEqual([]);
    expect(findings.find((f) => f.message.includes('.env file'))).toMatchObject({ status: 'warn', message: expect.stringMatching(/^staging hubbleSecret \(sha256:[0-9a-f]{8}\) is in app\/\.env\.staging:1, a \.env file$/) });
  });
  it.each([['.env', true], ['a/.env.production', true], ['a/b/.env.local', true], ['env.js', false], ['a/.envrc', false], ['a/dotenv.ts', false]])('%s is a .env file: %s', async (file, expected) => {
    const { isEnvFile } = await import('../../checks/source-scan.js');
    expect(isEnvFile(file)).toBe(expected);
  });
});
