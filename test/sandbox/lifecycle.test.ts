import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { once } from 'node:events';
import { afterEach, describe, expect, it } from 'vitest';
import { startSandbox } from '../../src/sandbox/server.js';
import { runCli } from '../helpers/cli.js';
import { call } from './client.js';
import { isolatedTmp, refuses, startCli } from './process.js';

const tmps: ReturnType<typeof isolatedTmp>[] = [];
const freshTmp = () => {
  const t = isolatedTmp();
  tmps.push(t);
  return t;
};
afterEach(() => tmps.splice(0).forEach((t) => t.remove()));

describe('startSandbox / close (programmatic)', () => {
  it('listens on 127.0.0.1 on an ephemeral port, and after close() the port refuses connections', async () => {
    const sb = await startSandbox();
    expect(sb.address).toBe('127.0.0.1');
    expect(sb.port).toBeGreaterThan(0);
    expect(sb.url).toBe(`https://${sb.hostname}:${sb.port}/hubble`);
    expect(sb.resolveRule).toBe(`${sb.hostname}:${sb.port}:127.0.0.1`);
    expect(await refuses(sb.port)).toBe(false);
    await sb.close();
    expect(await refuses(sb.port)).toBe(true);
    await sb.close(); // twice is fine
  });

  it('drops open keep-alive connections on close instead of waiting for them', async () => {
    const sb = await startSandbox();
    const { request, Agent } = await import('node:https');
    const agent = new Agent({ keepAlive: true });
    await new Promise<void>((resolve, reject) => {
      request({ host: '127.0.0.1', port: sb.port, servername: sb.hostname, ca: sb.ca, path: '/hubble/balance?userId=x', agent }, (res) => {
        res.resume().on('end', resolve);
      })
        .on('error', reject)
        .end();
    });
    const t0 = performance.now();
    await sb.close();
    expect(performance.now() - t0).toBeLessThan(2000); // not the 5 s keep-alive timeout
    agent.destroy();
    expect(await refuses(sb.port)).toBe(true);
  });

  it('names its public-looking host, localhost and 127.0.0.1 in a certificate its CA issued', async () => {
    const sb = await startSandbox();
    try {
      const { X509Certificate } = await import('node:crypto');
      const { connect } = await import('node:tls');
      const socket = connect({ host: '127.0.0.1', port: sb.port, servername: sb.hostname, ca: sb.ca });
      await once(socket, 'secureConnect');
      expect(socket.authorized).toBe(true);
      const leaf = new X509Certificate(socket.getPeerX509Certificate()!.raw);
      socket.destroy();
      expect(leaf.checkHost(sb.hostname)).toBe(sb.hostname);
      expect(leaf.checkHost('localhost')).toBe('localhost');
      expect(leaf.checkIP('127.0.0.1')).toBe('127.0.0.1');
      // A real-looking TLD, so that urls.partner's production rules apply unchanged.
      expect(sb.hostname).not.toMatch(/\.(example|test|invalid|localhost|local|internal)$/);
    } finally {
      await sb.close();
    }
  });

  it('refuses a port in use with one UsageError line', async () => {
    const blocker = createServer().listen(0, '127.0.0.1');
    await once(blocker, 'listening');
    const port = (blocker.address() as { port: number }).port;
    await expect(startSandbox({ port })).rejects.toThrow(`cannot listen on 127.0.0.1:${port}: the port is in use`);
    blocker.close();
  });
});

describe('hubble-golive sandbox (foreground command)', () => {
  it.each(['SIGTERM', 'SIGINT'] as const)('serves, prints what to use, and on %s leaves no process, port or file behind', async (signal) => {
    const tmp = freshTmp();
    const run = startCli(['sandbox'], { TMPDIR: tmp.path });
    await run.waitFor('Ctrl+C stops the sandbox');
    const out = run.stdout();
    const port = Number(/listening on https:\/\/127\.0\.0\.1:(\d+)/.exec(out)?.[1]);
    const caFile = /CA in (\S+ca\.pem)/.exec(out)?.[1];
    expect(port).toBeGreaterThan(0);
    expect(caFile?.startsWith(tmp.path)).toBe(true);
    expect(tmp.leftovers()).toHaveLength(1);
    // What it prints is enough to use it: config, flags, token, and the throwaway secret.
    expect(out).toContain(`--resolve api.golive-demo-partner.com:${port}:127.0.0.1 --ca ${caFile}`);
    expect(out).toContain('hubbleSecret: ${HUBBLE_SANDBOX_SECRET}');
    const token = /SSO token\s+(\S+)/.exec(out)![1]!;
    const secret = /HUBBLE_SANDBOX_SECRET=(\S+)/.exec(out)![1]!;
    const target = { address: '127.0.0.1', port, hostname: 'api.golive-demo-partner.com', ca: readFileSync(caFile!, 'utf8') };
    const answer = await call(target, { path: '/sso', secret, body: { token } });
    expect(answer.body.userId).toBe('test-user-123');
    await run.waitFor('POST /hubble/sso  200  secret valid', 'stderr');

    run.child.kill(signal);
    const { code } = await run.exited;
    expect(code).toBe(0);
    expect(run.stdout()).toContain('Stopping: sandbox closed, temporary files removed.');
    expect(existsSync(caFile!)).toBe(false);
    expect(tmp.leftovers()).toEqual([]);
    expect(await refuses(port)).toBe(true);
  });

  it('logs requests without secret values', async () => {
    const tmp = freshTmp();
    const run = startCli(['sandbox', '--faults', 'any-secret'], { TMPDIR: tmp.path });
    await run.waitFor('Ctrl+C stops the sandbox');
    expect(run.stdout()).toContain('(faults: any-secret)');
    const port = Number(/127\.0\.0\.1:(\d+)/.exec(run.stdout())![1]);
    const ca = readFileSync(/CA in (\S+)/.exec(run.stdout())![1]!, 'utf8');
    await call({ address: '127.0.0.1', port, hostname: 'api.golive-demo-partner.com', ca }, { path: '/balance?userId=u1', secret: 'a-wrong-secret-value' });
    await run.waitFor('GET /hubble/balance?userId=u1  200  secret wrong', 'stderr');
    expect(run.stderr()).not.toContain('a-wrong-secret-value');
    run.child.kill('SIGTERM');
    await run.exited;
    expect(tmp.leftovers()).toEqual([]);
  });

  it('refuses an unknown fault with one line naming it and a suggestion, exit 2, nothing left behind', async () => {
    const tmp = freshTmp();
    const r = await runCli(['sandbox', '--faults', 'any-secret,unsigned-webhook'], { env: { TMPDIR: tmp.path } });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^hubble-golive: --faults unsigned-webhook: unknown fault \(did you mean unsigned-webhooks\?\); known faults: .*\n$/);
    expect(tmp.leftovers()).toEqual([]);
  });

  it('lists every fault in --help, one line each, with the check that catches it', async () => {
    const r = await runCli(['sandbox', '--help']);
    expect(r.code).toBe(0);
    for (const line of [
      /legacy-tls +also accepts TLS 1\.0 and 1\.1.*\[tls\.protocol\]/,
      /tls11-only +.*\[tls\.protocol\]/,
      /expired-cert +.*\[tls\.certificate\]/,
      /any-secret +.*\[auth\.hubble-secret\]/,
      /staging-secret +.*\[auth\.hubble-secret, webhook\.signature\]/,
      /unsigned-webhooks +.*\[webhook\.signature\]/,
      /mock-sso +.*\[sso\.contract\]/,
      /debit-not-idempotent +.*\[coins\.contract\]/,
      /slow +.*slow=MS.*\[network\.reachability\]/,
      /hang +.*\[network\.reachability\]/,
      /missing-route +.*\[network\.reachability\]/,
    ]) {
      expect(r.stdout).toMatch(line);
    }
  });
});
