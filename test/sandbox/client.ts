import { request } from 'node:https';
import { connect, type SecureVersion } from 'node:tls';
import type { Secret } from '../../src/engine/secret.js';
import { signWebhook } from '../../src/hubble/webhook.js';
import { BASE_PATH, type Sandbox } from '../../src/sandbox/server.js';

export interface Reply {
  status: number;
  body: any;
  headers: Record<string, string | string[] | undefined>;
  ms: number;
}

export interface CallOptions {
  method?: 'GET' | 'POST' | 'PUT';
  /** Under the base path: `/sso`, `/balance?userId=x`. */
  path: string;
  /** X-Hubble-Secret to send; omitted when undefined. */
  secret?: Secret | string;
  /** Sent as JSON unless a string (sent as is). */
  body?: unknown;
  headers?: Record<string, string>;
  /** Rejects with `timeout` after this long. */
  timeoutMs?: number;
}

/** Where a sandbox listens: a started one, or one a spawned `sandbox` command printed. */
export type Target = Pick<Sandbox, 'address' | 'port' | 'hostname' | 'ca'>;

/** One request to the sandbox over https, by its public name (SNI), trusting only its CA. */
export function call(sandbox: Target, options: CallOptions): Promise<Reply> {
  const started = performance.now();
  const payload = options.body === undefined ? undefined : typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
  const headers: Record<string, string> = { ...(payload === undefined ? {} : { 'content-type': 'application/json' }), ...options.headers };
  if (options.secret !== undefined) headers['x-hubble-secret'] = typeof options.secret === 'string' ? options.secret : options.secret.reveal();
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: sandbox.address,
        port: sandbox.port,
        servername: sandbox.hostname,
        ca: sandbox.ca,
        method: options.method ?? (payload === undefined ? 'GET' : 'POST'),
        path: `${BASE_PATH}${options.path}`,
        headers,
        agent: false,
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8').on('data', (d: string) => (text += d));
        res.on('end', () => {
          let body: unknown = text;
          try {
            body = JSON.parse(text);
          } catch {
            /* not JSON */
          }
          resolve({ status: res.statusCode ?? 0, body, headers: res.headers, ms: performance.now() - started });
        });
      },
    );
    if (options.timeoutMs) {
      req.setTimeout(options.timeoutMs, () => {
        req.destroy();
        reject(new Error('timeout'));
      });
    }
    req.on('error', reject);
    req.end(payload);
  });
}

/** POSTs a webhook body, signed with `signWith` (or with the given raw X-Verify, or none). */
export function deliver(sandbox: Target, payload: unknown, sign: { with?: Secret; header?: string } = {}): Promise<Reply> {
  const body = typeof payload === 'string' ? payload : JSON.stringify(payload);
  const signature = sign.header ?? (sign.with ? signWebhook(body, sign.with) : undefined);
  return call(sandbox, { path: '/webhook', body, headers: signature === undefined ? {} : { 'x-verify': signature } });
}

/** Whether a TLS handshake at exactly this protocol version succeeds (with the ciphers old versions need). */
export function handshake(sandbox: Target, version: SecureVersion, verify = false): Promise<{ ok: boolean; code?: string }> {
  return new Promise((resolve) => {
    const socket = connect({
      host: sandbox.address,
      port: sandbox.port,
      servername: sandbox.hostname,
      ca: sandbox.ca,
      minVersion: version,
      maxVersion: version,
      ciphers: 'DEFAULT@SECLEVEL=0',
      rejectUnauthorized: verify,
    });
    socket.once('secureConnect', () => {
      socket.destroy();
      resolve({ ok: true });
    });
    socket.once('error', (err: NodeJS.ErrnoException) => {
      socket.destroy();
      resolve({ ok: false, code: err.code });
    });
  });
}

/** A transaction webhook as Hubble sends it (HUBBLE.md 4b). */
export function transactionWebhook(ref: string, orderStatus: 'COMPLETED' | 'FAILED' | 'REVERSED' = 'COMPLETED') {
  return {
    transactionReferenceId: ref,
    partnerCoinTransactionId: null,
    partnerCoinReversalTransactionId: null,
    amount: 1000.0,
    discountAmount: 50.0,
    timestamp: '2024-01-15T14:30:22',
    userId: 'test-user-123',
    vouchers: [],
    brandName: 'Swiggy',
    orderStatus,
  };
}
