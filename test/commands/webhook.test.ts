import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { curlCommand, runWebhookSend, runWebhookSign, shellQuote, type WebhookIo } from '../../src/commands/webhook-run.js';
import { registerWebhook, type WebhookSendOptions } from '../../src/commands/webhook.js';
import { Secret } from '../../src/engine/secret.js';
import { ConfigError, UsageError } from '../../src/errors.js';
import { signWebhook, verifyWebhook } from '../../src/hubble/webhook.js';
import { contractCa, partnerSecrets, SECRETS } from '../helpers/contract-context.js';
import { PARTNER_HOST, startPartner, startPlainPartner, type Partner } from '../helpers/partner.js';

function io(stdinBytes?: Buffer, tty = false): WebhookIo & { out: () => string; err: () => string } {
  let out = '';
  let err = '';
  const stdin = Object.assign(Readable.from(stdinBytes ? [stdinBytes] : []), { isTTY: tty });
  return { stdout: { write: (t: string) => (out += t) }, stderr: { write: (t: string) => (err += t) }, stdin, out: () => out, err: () => err };
}

describe('webhook sign / send', () => {
  let dir: string;
  let partner: Partner;
  let plain: Partner;
  let refusing: Partner;
  let hung: Server;
  const hungSockets = new Set<Socket>();
  let caFile: string;
  const configPath = () => join(dir, 'hubble.config.yaml');
  const envFile = () => join(dir, '.env');

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'golive-webhook-'));
    const ca = await contractCa();
    caFile = join(dir, 'ca.pem');
    writeFileSync(caFile, ca.certPem);
    partner = await startPartner(partnerSecrets(), ca);
    plain = await startPlainPartner(partnerSecrets());
    refusing = await startPartner(partnerSecrets({ webhookSecret: 'another-deployed-webhook-secret' }), ca);
    // Accepts and never says a word; its sockets are destroyed at the end (the client may keep its side open).
    hung = createServer((socket) => hungSockets.add(socket)).listen(0, '127.0.0.1');
    await once(hung, 'listening');
    const hungPort = (hung.address() as { port: number }).port;
    writeFileSync(
      configPath(),
      [
        'version: 1',
        'environments:',
        '  staging:',
        '    webhookUrl: ' + partner.webhookUrl,
        '    webhookSecret: ${WEBHOOK}',
        '  production:',
        '    webhookUrl: ' + partner.webhookUrl,
        '    webhookSecret: ${WEBHOOK}',
        '  plain:',
        '    webhookUrl: ' + plain.webhookUrl,
        '    webhookSecret: ${WEBHOOK}',
        '  refusing:',
        '    webhookUrl: ' + refusing.webhookUrl,
        '    webhookSecret: ${WEBHOOK}',
        '  hung:',
        `    webhookUrl: https://${PARTNER_HOST}:${hungPort}/hubble/webhook`,
        '    webhookSecret: ${WEBHOOK}',
        '  unset:',
        '    webhookUrl: ' + partner.webhookUrl,
        '    webhookSecret: ${NOT_SET_ANYWHERE_WEBHOOK}',
        '',
      ].join('\n'),
    );
    writeFileSync(envFile(), `WEBHOOK=${SECRETS.webhook}\n`);
    writeFileSync(join(dir, 'body.json'), '{"event":"BRAND_DISABLED","details":{"id":"b1","name":"X"}}\n');
  });
  afterAll(async () => {
    for (const socket of hungSockets) socket.destroy();
    await Promise.all([partner.close(), plain.close(), refusing.close(), new Promise((r) => hung.close(r))]);
    rmSync(dir, { recursive: true, force: true });
  });

  const base = () => ({ config: configPath(), envFile: envFile() });
  const send = (o: Partial<WebhookSendOptions>, out = io()) =>
    runWebhookSend({ env: 'staging', ...base(), timeout: 3000, resolve: [`${PARTNER_HOST}:${partner.port}:127.0.0.1`], ca: [caFile], ...o }, out);
  const secret = new Secret(SECRETS.webhook);

  describe('sign', () => {
    it('prints the X-Verify of the file, byte for byte (the trailing newline counts)', async () => {
      const out = io();
      expect(await runWebhookSign({ env: 'staging', ...base(), file: join(dir, 'body.json') }, out)).toBe(0);
      const body = '{"event":"BRAND_DISABLED","details":{"id":"b1","name":"X"}}\n';
      expect(out.out()).toBe(`${signWebhook(body, secret)}\n`);
      expect(out.out()).not.toBe(`${signWebhook(body.trim(), secret)}\n`);
    });

    it('reads stdin as raw bytes', async () => {
      const bytes = Buffer.from('{"amount":10.0,"brand":"Café"}', 'utf8');
      const out = io(bytes);
      await runWebhookSign({ env: 'staging', ...base() }, out);
      expect(verifyWebhook(bytes, out.out().trim(), secret)).toBe(true);
    });

    it('refuses to wait on a terminal, and names an unset variable', async () => {
      await expect(runWebhookSign({ env: 'staging', ...base() }, io(undefined, true))).rejects.toThrow(UsageError);
      await expect(runWebhookSign({ env: 'unset', ...base(), file: join(dir, 'body.json') }, io())).rejects.toThrow(
        /environments\.unset\.webhookSecret is not set \(\$\{NOT_SET_ANYWHERE_WEBHOOK\} is unset\)/,
      );
    });
  });

  describe('send', () => {
    it('posts a correctly signed sample and prints status, latency and the first bytes of the answer', async () => {
      const before = partner.processedWebhooks.length;
      const out = io();
      expect(await send({ event: 'transaction.completed' }, out)).toBe(0);
      expect(out.out()).toMatch(new RegExp(`^POST ${partner.webhookUrl.replace(/[.]/g, '\\.')}  \\(transaction\\.completed, \\d+ bytes, X-Verify by webhookSecret sha256:${secret.fingerprint}\\)\\nanswer: 200 in \\d+ ms\\nbody:   \\{"received":true\\}\\n$`));
      expect(partner.processedWebhooks.length).toBe(before + 1);
      const last = partner.requests[partner.requests.length - 1]!;
      expect(verifyWebhook(last.body, last.headers['x-verify'], secret)).toBe(true);
      expect(last.body).toMatch(/"orderStatus":"COMPLETED"/);
      expect(out.out()).not.toContain(last.headers['x-verify']!);
      expect(out.out()).not.toContain(SECRETS.webhook);
    });

    it('sends a file as is, and exits 1 on a refusal', async () => {
      const out = io();
      expect(await send({ env: 'refusing', file: join(dir, 'body.json'), resolve: [`${PARTNER_HOST}:${refusing.port}:127.0.0.1`] }, out)).toBe(1);
      expect(out.out()).toMatch(/answer: 401 in \d+ ms\nbody: {3}\{"error":"INVALID_SIGNATURE"\}/);
      expect(refusing.requests[0]!.body).toBe('{"event":"BRAND_DISABLED","details":{"id":"b1","name":"X"}}\n');
    });

    it('requires --yes for a production-tier environment, and sends nothing without it', async () => {
      const count = partner.requests.length;
      await expect(send({ env: 'production', event: 'brand.disabled' })).rejects.toThrow(/production-tier.*add --yes to confirm/);
      expect(partner.requests.length).toBe(count);
      expect(await send({ env: 'production', event: 'brand.disabled', yes: true })).toBe(0);
      expect(partner.requests.length).toBe(count + 1);
    });

    it('--dry-run prints the equivalent curl command with X-Verify masked, and sends nothing', async () => {
      const count = partner.requests.length;
      const out = io();
      expect(await send({ env: 'production', file: join(dir, 'body.json'), dryRun: true }, out)).toBe(0);
      expect(partner.requests.length).toBe(count);
      const text = out.out();
      expect(text).toContain(`curl -sS -X POST ${partner.webhookUrl} \\`);
      expect(text).toContain(`  --resolve ${PARTNER_HOST}:${partner.port}:127.0.0.1 \\`);
      expect(text).toContain(`  --cacert ${caFile} \\`);
      expect(text).toContain("  -H 'X-Verify: <masked>' \\");
      expect(text).toContain(`  --data-binary @${join(dir, 'body.json')}`);
      expect(text).toContain(`hubble-golive webhook sign --env production --config ${configPath()} --env-file ${envFile()} --file ${join(dir, 'body.json')}`);
      expect(text).toContain(`sha256:${secret.fingerprint}`);
      const signature = signWebhook('{"event":"BRAND_DISABLED","details":{"id":"b1","name":"X"}}\n', secret);
      expect(text).not.toContain(signature);
      expect(text).not.toContain(SECRETS.webhook);
    });

    it('refuses a plain http webhookUrl before sending anything', async () => {
      await expect(send({ env: 'plain', event: 'brand.created', resolve: [`${PARTNER_HOST}:${plain.port}:127.0.0.1`] })).rejects.toThrow(ConfigError);
      expect(plain.requests).toEqual([]);
    });

    it('honours --timeout against a server that never answers', async () => {
      const started = performance.now();
      const out = io();
      const hungPort = (hung.address() as { port: number }).port;
      expect(await send({ env: 'hung', event: 'brand.created', timeout: 300, resolve: [`${PARTNER_HOST}:${hungPort}:127.0.0.1`] }, out)).toBe(1);
      expect(performance.now() - started).toBeLessThan(2000);
      expect(out.out()).toMatch(/answer: no answer \(TIMEOUT during the TLS handshake\)/);
    });

    it('takes exactly one of --event and --file', async () => {
      await expect(send({})).rejects.toThrow('webhook send: give exactly one of --event KIND or --file PATH');
      await expect(send({ event: 'brand.created', file: 'x' })).rejects.toThrow(UsageError);
    });
  });
});

describe('webhook command line', () => {
  const program = () => {
    const p = new Command('hubble-golive').exitOverride().configureOutput({ writeErr: () => {}, writeOut: () => {} });
    registerWebhook(p);
    p.commands.forEach((c) => { c.exitOverride(); c.commands.forEach((s) => s.exitOverride().configureOutput({ writeErr: () => {}, writeOut: () => {} })); });
    return p;
  };
  const sub = (name: string) => program().commands[0]!.commands.find((c) => c.name() === name)!;

  it('says in --help that send delivers a correctly signed webhook and that production needs --yes', () => {
    const help = sub('send').helpInformation().replace(/\s+/g, ' ');
    expect(help).toContain('This delivers a CORRECTLY SIGNED webhook: your endpoint will act on it');
    expect(help).toContain('For a production-tier environment, --yes is required.');
    expect(help).toContain('--yes confirm sending a correctly signed webhook to a production-tier environment');
    expect(help).toContain('--dry-run send nothing: print the equivalent curl command, signature masked');
    expect(help).toContain('"transaction.completed", "transaction.failed", "transaction.reversed", "brand.discount-updated", "brand.created", "brand.disabled"');
  });

  it('rejects an unknown event kind', async () => {
    await expect(program().parseAsync(['node', 'x', 'webhook', 'send', '--env', 'staging', '--event', 'order.paid'])).rejects.toThrow(/order\.paid.*Allowed choices/s);
  });
});

describe('curl helpers', () => {
  it('quotes for the shell only where needed', () => {
    expect(shellQuote('https://a.b/c?d=1')).toBe("'https://a.b/c?d=1'");
    expect(shellQuote('/tmp/body.json')).toBe('/tmp/body.json');
    expect(shellQuote("it's")).toBe("'it'\\''s'");
  });
  it('inlines a sample body and masks the signature', () => {
    const text = curlCommand({ url: 'https://a.b/w', body: '{"a":"it\'s"}', fingerprint: 'abcd1234', timeoutMs: 2500, resolve: [], caFiles: [], signHint: 'hubble-golive webhook sign --env staging --file body.json' });
    expect(text).toContain("  --max-time 3 \\");
    expect(text).toContain("  --data-binary '{\"a\":\"it'\\''s\"}'");
    expect(text).toContain('save the body to body.json');
  });
});
