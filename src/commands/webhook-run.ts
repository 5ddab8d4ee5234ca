import { readFileSync } from 'node:fs';
import { resolve as resolvePath } from 'node:path';
import type { ResolvedConfig, ResolvedEnvironment } from '../config/types.js';
import { configSecrets, createRedactor } from '../engine/redact.js';
import { Secret } from '../engine/secret.js';
import { ConfigError, UsageError } from '../errors.js';
import { describeOutcome, is2xx, snippet, toOutcome } from '../hubble/outcome.js';
import { SIGNATURE_HEADER, signWebhook } from '../hubble/webhook.js';
import { webhookSample } from '../hubble/webhook-samples.js';
import { createHttpClient } from '../net/http.js';
import { parseResolve } from '../net/resolve.js';
import { buildTrustStore } from '../net/trust.js';
import { loadEnvironment } from './context.js';
import type { WebhookSendOptions, WebhookSignOptions } from './webhook.js';

/** Where the commands read and write; tests pass their own. */
export interface WebhookIo {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
  stdin: NodeJS.ReadableStream & { isTTY?: boolean };
}

const processIo: WebhookIo = { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin };

/** `webhook sign`: prints the X-Verify value of a body. The user asked for this one signature; nothing else is shown. */
export async function runWebhookSign(opts: WebhookSignOptions, io: WebhookIo = processIo): Promise<number> {
  const { config, env } = loadEnvironment(opts);
  const secret = webhookSecretOf(config, env);
  const body = opts.file ? readBody(opts.file) : await readStdin(io.stdin);
  io.stdout.write(`${signWebhook(body, secret)}\n`);
  return 0;
}

/** `webhook send`: signs and POSTs a sample or a file to webhookUrl, or prints the curl equivalent. Exit 0 on a 2xx. */
export async function runWebhookSend(opts: WebhookSendOptions, io: WebhookIo = processIo): Promise<number> {
  if (!!opts.event === !!opts.file) throw new UsageError('webhook send: give exactly one of --event KIND or --file PATH');
  const resolveRules = opts.resolve.map(parseResolve);
  const ca = buildTrustStore(opts.ca.map((f) => resolvePath(f)));
  const { config, env } = loadEnvironment(opts);
  const key = (k: string) => `${config.path}: environments.${env.name}.${k}`;
  if (!env.webhookUrl) throw new ConfigError(`${key('webhookUrl')} is not set${unsetHint(env, 'webhookUrl')}`);
  if (new URL(env.webhookUrl).protocol !== 'https:') {
    throw new ConfigError(`${key('webhookUrl')} is plain http (${env.webhookUrl}): X-Verify is never sent over http; Hubble requires https`);
  }
  const secret = webhookSecretOf(config, env);
  if (env.tier === 'production' && !opts.dryRun && !opts.yes) {
    throw new UsageError(
      `environment "${env.name}" is production-tier: webhook send delivers a correctly signed webhook that your endpoint will act on; ` +
        'add --yes to confirm, or --dry-run to see the request',
    );
  }

  const body: string | Buffer = opts.file ? readBody(opts.file) : webhookSample(opts.event!);
  const signature = signWebhook(body, secret);
  const redact = createRedactor([...configSecrets(config), new Secret(signature)]);
  const what = opts.event ?? opts.file!;

  if (opts.dryRun) {
    io.stdout.write(
      redact(curlCommand({
        url: env.webhookUrl,
        ...(opts.file ? { bodyFile: opts.file } : { body: body.toString() }),
        fingerprint: secret.fingerprint,
        timeoutMs: opts.timeout,
        resolve: opts.resolve,
        caFiles: opts.ca,
        signHint: signCommand(opts),
      })),
    );
    return 0;
  }

  const http = createHttpClient({ timeoutMs: opts.timeout, resolve: resolveRules, ca, concurrency: 1 });
  const outcome = toOutcome(
    await http.request({
      method: 'POST',
      url: env.webhookUrl,
      headers: { 'content-type': 'application/json' },
      secretHeaders: { [SIGNATURE_HEADER]: new Secret(signature) },
      body,
    }),
  );
  const lines = [`POST ${env.webhookUrl}  (${what}, ${Buffer.byteLength(body)} bytes, X-Verify by webhookSecret sha256:${secret.fingerprint})`];
  if (outcome.kind === 'response') {
    lines.push(`answer: ${describeOutcome(outcome)} in ${outcome.latencyMs} ms`);
    const first = snippet(outcome.body, [signature, secret.reveal()], 300);
    lines.push(`body:   ${first === '' ? '(empty)' : first}`);
  } else if (outcome.kind === 'failure') {
    lines.push(`answer: ${describeOutcome(outcome)} after ${outcome.latencyMs} ms: ${outcome.message}`);
  } else {
    lines.push(`answer: ${describeOutcome(outcome)}`);
  }
  io.stdout.write(redact(`${lines.join('\n')}\n`));
  return outcome.kind === 'response' && is2xx(outcome.status) ? 0 : 1;
}

function webhookSecretOf(config: ResolvedConfig, env: ResolvedEnvironment): Secret {
  if (!env.webhookSecret || env.webhookSecret.length === 0) {
    throw new ConfigError(`${config.path}: environments.${env.name}.webhookSecret is not set${unsetHint(env, 'webhookSecret')}`);
  }
  return env.webhookSecret;
}

function unsetHint(env: ResolvedEnvironment, key: 'webhookSecret' | 'webhookUrl'): string {
  const unset = env.sources[key]?.unsetVars ?? [];
  return unset.length ? ` (\${${unset.join('}, ${')}} is unset)` : '';
}

function readBody(file: string): Buffer {
  try {
    return readFileSync(file);
  } catch (err) {
    throw new UsageError(`--file ${file}: cannot read (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
  }
}

async function readStdin(stdin: WebhookIo['stdin']): Promise<Buffer> {
  if (stdin.isTTY) throw new UsageError('webhook sign: give the body with --file PATH or on stdin (… | hubble-golive webhook sign --env NAME)');
  const chunks: Buffer[] = [];
  for await (const chunk of stdin) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(chunks);
}

/** The `webhook sign` command that computes the masked signature, for the curl comment. */
function signCommand(opts: WebhookSendOptions): string {
  const parts = ['hubble-golive webhook sign', `--env ${shellQuote(opts.env)}`];
  if (opts.config) parts.push(`--config ${shellQuote(opts.config)}`);
  if (opts.envFile) parts.push(`--env-file ${shellQuote(opts.envFile)}`);
  parts.push(`--file ${opts.file ? shellQuote(opts.file) : 'body.json'}`);
  return parts.join(' ');
}

export interface CurlArgs {
  url: string;
  /** The body as a file (sent with @file), or inline. */
  bodyFile?: string;
  body?: string;
  /** Fingerprint of the webhookSecret, to say which key signs without showing it. */
  fingerprint: string;
  timeoutMs: number;
  resolve: readonly string[];
  caFiles: readonly string[];
  signHint: string;
}

/** The curl command equivalent to `webhook send`, with X-Verify masked and how to fill it in. */
export function curlCommand(a: CurlArgs): string {
  const lines = [
    `# X-Verify is masked: Base64 HMAC-SHA256 of the body, keyed with webhookSecret (sha256:${a.fingerprint}).`,
    a.bodyFile
      ? `# To send this yourself, put the output of this in the X-Verify header: ${a.signHint}`
      : `# To send this yourself, save the body to body.json and put the output of this in the X-Verify header: ${a.signHint}`,
    `curl -sS -X POST ${shellQuote(a.url)} \\`,
    `  --max-time ${Math.max(1, Math.ceil(a.timeoutMs / 1000))} \\`,
    ...a.resolve.map((r) => `  --resolve ${shellQuote(r)} \\`),
    ...a.caFiles.map((f) => `  --cacert ${shellQuote(f)} \\`),
    `  -H 'Content-Type: application/json' \\`,
    `  -H 'X-Verify: <masked>' \\`,
    a.bodyFile ? `  --data-binary @${shellQuote(a.bodyFile)}` : `  --data-binary ${shellQuote(a.body ?? '')}`,
  ];
  return `${lines.join('\n')}\n`;
}

export function shellQuote(s: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}
