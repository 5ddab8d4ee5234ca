// The trust and --resolve settings reach the TLS probes through the real CLI: --ca, and
// NODE_EXTRA_CA_CERTS (read by Node at start-up, so only a new process can show it).
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { testCa } from '../helpers/certs.js';
import { startHttps, type TestServer } from '../helpers/servers.js';

describe('check --only tls.certificate,network.reachability through the CLI', () => {
  let server: TestServer;
  let dir: string;
  let caFile: string;
  let resolve: string;
  beforeAll(async () => {
    server = await startHttps({ host: 'api.acme-rewards.com', tls: { minVersion: 'TLSv1.2' } });
    dir = mkdtempSync(join(tmpdir(), 'hg-trust-'));
    caFile = join(dir, 'ca.pem');
    writeFileSync(caFile, (await testCa()).certPem);
    writeFileSync(
      join(dir, 'hubble.config.yaml'),
      `version: 1\nenvironments:\n  production:\n    clientId: acme\n    integrationBaseUrl: ${server.url('/hubble')}\n    sso: classic\n`,
    );
    resolve = `${server.host}:${server.port}:127.0.0.1`;
  });
  afterAll(() => server.close());

  const check = async (extra: string[], env: Record<string, string> = {}) => {
    const r = await runCli(['check', '--env', 'production', '--only', 'tls.certificate,network.reachability', '--format', 'json', '--timeout', '3000', '--resolve', resolve, ...extra], { cwd: dir, env });
    expect(r.stderr).toBe('');
    const report = JSON.parse(r.stdout) as { checks: { id: string; status: string; findings: { evidence?: { chainError?: string } }[] }[] };
    return { code: r.code, byId: Object.fromEntries(report.checks.map((c) => [c.id, c])) };
  };

  it('without the CA the chain is untrusted; reachability still sees the route answer and points at the certificate', async () => {
    const { code, byId } = await check([]);
    expect(code).toBe(1);
    expect(byId['tls.certificate']).toMatchObject({ status: 'fail', findings: [{ evidence: { chainError: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' } }] });
    expect(byId['network.reachability']!.status).toBe('warn');
  });

  it('--ca FILE makes it trusted', async () => {
    const { code, byId } = await check(['--ca', caFile]);
    expect(byId['tls.certificate']!.status).toBe('pass');
    expect(byId['network.reachability']!.status).toBe('pass');
    expect(code).toBe(0);
  });

  it('NODE_EXTRA_CA_CERTS makes it trusted too', async () => {
    const { code, byId } = await check([], { NODE_EXTRA_CA_CERTS: caFile });
    expect(byId['tls.certificate']!.status).toBe('pass');
    expect(code).toBe(0);
  });
});
