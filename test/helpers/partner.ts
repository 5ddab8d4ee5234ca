// Small loopback partner servers for the contract checks: a correct one, and ones that get one
// point of Hubble's contract wrong. Every request is recorded, so tests can prove what was sent.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { once } from 'node:events';
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { CertAuthority } from '../../src/sandbox/certs.js';

/** A public-looking name, pinned to 127.0.0.1 with a resolve rule; the certificate names it. */
export const PARTNER_HOST = 'api.acme-rewards.com';

/** One mistake each, as seen in real integrations. */
export type PartnerFault =
  /** X-Hubble-Secret is never checked. */
  | 'anySecret'
  /** The staging X-Hubble-Secret (and webhook secret) are accepted next to the production ones. */
  | 'stagingSecret'
  /** A webhook without X-Verify is accepted (a present one is still verified). */
  | 'unsignedWebhooks'
  /** X-Verify is only checked for its format (Base64 of 32 bytes): a changed body or a forged signature pass. */
  | 'tamperedBody'
  /** X-Verify is computed over JSON.stringify(JSON.parse(body)) instead of the raw bytes. */
  | 'reserializedSignature'
  /** /sso accepts `mock-token`. */
  | 'mockSso'
  /** /sso accepts any token. */
  | 'anySsoToken'
  /** /sso answers a valid token with a body of the wrong shape (userId a number, cohorts a string). */
  | 'ssoBadShape'
  /** A repeated /debit debits again. */
  | 'debitNotIdempotent'
  /** A repeated /reverse credits again. */
  | 'reverseNotIdempotent'
  /** A repeated /debit answers 409. */
  | 'debitRepeatConflict'
  /** The webhook endpoint answers 403 to everyone (an IP allow-list in front of it). */
  | 'webhookAllowList'
  /** Echoes X-Hubble-Secret and X-Verify at the start of every answer (a debug endpoint left on). */
  | 'echoHeaders'
  /** Echoes them URL-encoded, Base64-encoded and with PHP's `\/` escaping, and redirects with them in Location. */
  | 'echoEncoded'
  /** Validates the body before the secret: a request without a secret gets 400. */
  | 'validateBeforeAuth';

export interface PartnerOptions {
  hubbleSecret: string;
  webhookSecret: string;
  stagingHubbleSecret?: string;
  stagingWebhookSecret?: string;
  faults?: PartnerFault[];
  /** Coin balances by user id. */
  users?: Record<string, number>;
  /** Every answer waits this long (a slow partner). */
  delayMs?: number;
  /** GET /balance answers 200 with 0 coins for an unknown user (instead of 404). */
  zeroForUnknownUsers?: boolean;
  /** Tokens /sso accepts, and the body it answers for each. */
  tokens?: Record<string, Record<string, unknown>>;
}

export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  headers: Record<string, string | undefined>;
  body: string;
}

export interface Partner {
  port: number;
  /** https://api.acme-rewards.com:PORT/hubble */
  baseUrl: string;
  webhookUrl: string;
  requests: RecordedRequest[];
  balances: Map<string, number>;
  /** Webhook bodies the partner acted on (state it changed). */
  processedWebhooks: string[];
  close(): Promise<void>;
}

interface DebitRecord {
  userId: string;
  coins: number;
  transactionId: string;
  answer: Record<string, unknown>;
  reversal?: Record<string, unknown>;
}

const hmac = (key: string, body: string) => createHmac('sha256', Buffer.from(key, 'utf8')).update(body).digest('base64');
const same = (a: string | undefined, b: string | undefined) =>
  a !== undefined && b !== undefined && a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

export async function startPartner(options: PartnerOptions, ca: CertAuthority): Promise<Partner> {
  const leaf = await ca.issue({ hosts: [PARTNER_HOST] });
  const server = createHttpsServer({ cert: leaf.certPem, key: leaf.keyPem });
  return listen(server, 'https', options);
}

/** The same partner over plain http (for "nothing carrying a secret goes to http://"). */
export async function startPlainPartner(options: PartnerOptions): Promise<Partner> {
  return listen(createHttpServer(), 'http', options);
}

async function listen(server: Server, scheme: 'http' | 'https', options: PartnerOptions): Promise<Partner> {
  const faults = new Set(options.faults ?? []);
  const balances = new Map(Object.entries(options.users ?? {}));
  const debits = new Map<string, DebitRecord>();
  const requests: RecordedRequest[] = [];
  const processedWebhooks: string[] = [];
  let counter = 0;

  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://x');
      const body = Buffer.concat(chunks).toString('utf8');
      const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(', ') : v]));
      const recorded: RecordedRequest = { method: req.method ?? '', path: url.pathname, query: Object.fromEntries(url.searchParams), headers, body };
      requests.push(recorded);
      const send = (status: number, payload: unknown) => {
        // The echo comes first, so that it falls inside the first bytes a check may quote.
        const echo = { 'x-hubble-secret': headers['x-hubble-secret'], 'x-verify': headers['x-verify'] };
        const json = faults.has('echoHeaders') && typeof payload === 'object' ? { echo, ...(payload as object) } : payload;
        const values = Object.values(echo).filter((v): v is string => !!v);
        const encoded = () =>
          JSON.stringify({ url: values.map(encodeURIComponent), b64: values.map((v) => Buffer.from(v).toString('base64')) }) +
          JSON.stringify(values).replace(/\//g, '\\/');
        const write = () =>
          faults.has('echoEncoded')
            ? res.writeHead(302, { 'content-type': 'application/json', location: `https://elsewhere.example/?s=${values.join('&s=')}&e=${values.map(encodeURIComponent).join(',')}` }).end(encoded())
            : res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(json));
        if (options.delayMs) setTimeout(write, options.delayMs);
        else write();
      };
      handle(recorded, send);
    });
  });

  const secretOk = (r: RecordedRequest) => {
    if (faults.has('anySecret')) return true;
    const given = r.headers['x-hubble-secret'];
    return same(given, options.hubbleSecret) || (faults.has('stagingSecret') && same(given, options.stagingHubbleSecret));
  };
  const parse = (body: string): Record<string, unknown> | undefined => {
    try {
      const v = JSON.parse(body) as unknown;
      return v && typeof v === 'object' ? (v as Record<string, unknown>) : undefined;
    } catch {
      return undefined;
    }
  };

  function handle(r: RecordedRequest, send: (status: number, payload: unknown) => void): void {
    const route = `${r.method} ${r.path}`;
    if (route === 'POST /hubble/webhook') return webhook(r, send);
    const json = parse(r.body);
    if (faults.has('validateBeforeAuth') && r.method === 'POST' && !json) return send(400, { error: 'BAD_REQUEST' });
    if (faults.has('validateBeforeAuth') && !r.headers['x-hubble-secret']) return send(400, { error: 'MISSING_FIELDS' });
    if (!secretOk(r)) return send(401, { status: 'FAILED', failureReason: 'Unauthorized', userId: null });
    switch (route) {
      case 'POST /hubble/sso':
        return sso(String(json?.token ?? ''), send);
      case 'GET /hubble/balance': {
        const userId = r.query.userId ?? '';
        const balance = balances.get(userId);
        if (balance === undefined && !options.zeroForUnknownUsers) return send(404, { error: 'USER_NOT_FOUND' });
        return send(200, { userId, totalCoins: balance ?? 0 });
      }
      case 'POST /hubble/debit':
        return debit(json ?? {}, send);
      case 'POST /hubble/reverse':
        return reverse(json ?? {}, send);
      default:
        return send(404, { error: 'NOT_FOUND' });
    }
  }

  function sso(token: string, send: (status: number, payload: unknown) => void): void {
    const known = options.tokens?.[token];
    if (known) return send(200, faults.has('ssoBadShape') ? { ...known, userId: 12345, cohorts: 'premium' } : known);
    if (faults.has('anySsoToken') || (faults.has('mockSso') && token === 'mock-token')) {
      return send(200, { userId: 'test-user-123', firstName: 'Test', phoneNumber: '1234567890' });
    }
    return send(401, { userId: null });
  }

  function debit(body: Record<string, unknown>, send: (status: number, payload: unknown) => void): void {
    const userId = String(body.userId ?? '');
    const coins = Number(body.coins);
    const referenceId = String(body.referenceId ?? '');
    const previous = debits.get(referenceId);
    if (previous && !faults.has('debitNotIdempotent')) {
      return faults.has('debitRepeatConflict') ? send(409, { status: 'DUPLICATE' }) : send(200, previous.answer);
    }
    const balance = balances.get(userId);
    if (balance === undefined) return send(404, { error: 'USER_NOT_FOUND' });
    if (!(coins > 0) || !referenceId) return send(400, { status: 'FAILED', failureReason: 'Invalid request' });
    if (balance < coins) return send(400, { status: 'INSUFFICIENT_BALANCE', balance });
    balances.set(userId, balance - coins);
    const transactionId = `txn-${++counter}`;
    const answer = { status: 'SUCCESS', transactionId, referenceId, balance: balance - coins };
    debits.set(referenceId, { userId, coins, transactionId, answer });
    send(200, answer);
  }

  function reverse(body: Record<string, unknown>, send: (status: number, payload: unknown) => void): void {
    const record = debits.get(String(body.referenceId ?? ''));
    if (!record) return send(404, { status: 'TRANSACTION_NOT_FOUND' });
    if (record.reversal && !faults.has('reverseNotIdempotent')) return send(200, record.reversal);
    const balance = (balances.get(record.userId) ?? 0) + record.coins;
    balances.set(record.userId, balance);
    record.reversal = { status: 'SUCCESS', transactionId: `rev-${++counter}`, referenceId: body.referenceId, balance };
    send(200, record.reversal);
  }

  function webhook(r: RecordedRequest, send: (status: number, payload: unknown) => void): void {
    if (faults.has('webhookAllowList')) return send(403, { error: 'FORBIDDEN' });
    const signature = r.headers['x-verify'];
    let ok: boolean;
    if (signature === undefined) ok = faults.has('unsignedWebhooks');
    else if (faults.has('tamperedBody')) ok = /^[A-Za-z0-9+/]{43}=$/.test(signature);
    else {
      const signed = faults.has('reserializedSignature') ? JSON.stringify(JSON.parse(r.body)) : r.body;
      ok = same(signature, hmac(options.webhookSecret, signed)) ||
        (faults.has('stagingSecret') && options.stagingWebhookSecret !== undefined && same(signature, hmac(options.stagingWebhookSecret, signed)));
    }
    if (!ok) return send(401, { error: 'INVALID_SIGNATURE' });
    const json = parse(r.body);
    if (!json || (!('transactionReferenceId' in json) && !('event' in json))) return send(400, { error: 'UNKNOWN_PAYLOAD' });
    processedWebhooks.push(r.body);
    send(200, { received: true });
  }

  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const port = (server.address() as AddressInfo).port;
  const origin = `${scheme}://${PARTNER_HOST}:${port}`;
  return {
    port,
    baseUrl: `${origin}/hubble`,
    webhookUrl: `${origin}/hubble/webhook`,
    requests,
    balances,
    processedWebhooks,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}
