import type { IncomingMessage, ServerResponse } from 'node:http';
import { Secret } from '../engine/secret.js';
import { HUBBLE_SECRET_HEADER } from '../hubble/endpoints.js';
import { SIGNATURE_HEADER } from '../hubble/webhook.js';
import type { SandboxCredentials } from './credentials.js';
import type { Faults, RouteName } from './faults.js';
import { headerValue, parseJsonObject, readBody, sendJson } from './http-io.js';
import { Ledger, type DebitRequest, type LedgerEntry, type ReverseRequest } from './ledger.js';
import { profileOf, TokenIssuer, type TestUser } from './users.js';
import { WebhookInbox } from './webhook-inbox.js';

/** Which secret a request carried; logged instead of the value. */
export type SecretSeen = 'valid' | 'staging' | 'wrong' | 'missing' | 'not required';

/** One request as the sandbox saw it (for the foreground log and for tests). */
export interface RequestRecord {
  method: string;
  /** Path and query, as requested. */
  path: string;
  route?: RouteName;
  secret: SecretSeen;
  /** The status answered, or `none` when the request was left hanging. */
  status: number | 'none';
  durationMs: number;
}

export interface PartnerOptions {
  /** Path the routes live under, e.g. `/hubble` (integrationBaseUrl's path). */
  basePath: string;
  credentials: SandboxCredentials;
  faults: Faults;
  users: readonly TestUser[];
  onRequest?(record: RequestRecord): void;
}

interface Answer {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

/** The Hubble-facing routes under the base path, their method, and whether X-Hubble-Secret guards them. */
const ROUTE_TABLE: Record<RouteName, { method: 'GET' | 'POST'; path: string; guarded: boolean }> = {
  sso: { method: 'POST', path: '/sso', guarded: true },
  balance: { method: 'GET', path: '/balance', guarded: true },
  debit: { method: 'POST', path: '/debit', guarded: true },
  reverse: { method: 'POST', path: '/reverse', guarded: true },
  // Webhooks are authenticated by their X-Verify signature, with the separate webhook secret.
  webhook: { method: 'POST', path: '/webhook', guarded: false },
};

/** Requests remembered for inspection; a long-running `sandbox` forgets the oldest. */
const MAX_RECORDS = 10_000;

const UNAUTHORIZED_SSO: Answer = { status: 401, body: { userId: null } };

/**
 * The partner side of the Hubble contract (HUBBLE.md 2a, 3b, 4): routing, the X-Hubble-Secret
 * gate, and one small handler per route. Faults, when switched on, bend exactly one rule each.
 */
export function createPartner(options: PartnerOptions) {
  const { faults, credentials } = options;
  const tokens = new TokenIssuer();
  const ledger = new Ledger(options.users, { idempotentDebits: !faults.on.has('debit-not-idempotent') });
  const webhooks = new WebhookInbox({
    secrets: faults.on.has('staging-secret')
      ? [credentials.production.webhookSecret, credentials.staging.webhookSecret]
      : [credentials.production.webhookSecret],
    verifySignatures: !faults.on.has('unsigned-webhooks'),
  });
  const requests: RequestRecord[] = [];
  const base = options.basePath.replace(/\/+$/, '');

  /** Constant-time comparisons (Secret#equals hashes both sides, so lengths leak nothing either). */
  function secretSeen(req: IncomingMessage): SecretSeen {
    const given = headerValue(req, HUBBLE_SECRET_HEADER);
    if (given === undefined || given === '') return 'missing';
    const value = new Secret(given);
    if (value.equals(credentials.production.hubbleSecret)) return 'valid';
    if (value.equals(credentials.staging.hubbleSecret)) return 'staging';
    return 'wrong';
  }

  function secretAccepted(seen: SecretSeen): boolean {
    if (seen === 'valid') return true;
    if (faults.on.has('any-secret') && seen !== 'missing') return true;
    if (faults.on.has('staging-secret') && seen === 'staging') return true;
    return false;
  }

  function sso(body: Record<string, unknown>): Answer {
    const token = body.token;
    if (typeof token !== 'string' || token === '') return UNAUTHORIZED_SSO;
    // The mistake: a staging shortcut that logs everyone in as one mock user, left on.
    if (faults.on.has('mock-sso')) return { status: 200, body: { userId: 'mock-user', firstName: 'Mock', lastName: 'User' } };
    const userId = tokens.userFor(token);
    const user = userId === undefined ? undefined : options.users.find((u) => u.userId === userId);
    return user ? { status: 200, body: profileOf(user) } : UNAUTHORIZED_SSO;
  }

  function balance(query: URLSearchParams): Answer {
    const userId = query.get('userId');
    if (!userId) return failed(400, 'INVALID_REQUEST', 'userId query parameter is required');
    return { status: 200, body: { userId, totalCoins: ledger.balance(userId) } };
  }

  function debit(body: Record<string, unknown>): Answer {
    const req = parseDebit(body);
    if (typeof req === 'string') return failed(400, 'INVALID_REQUEST', req);
    const outcome = ledger.debit(req);
    switch (outcome.kind) {
      case 'done':
        return { status: 200, body: success(outcome.entry) };
      case 'insufficient':
        return failed(400, 'INSUFFICIENT_BALANCE', `balance ${outcome.balance} is less than ${req.coins}`, { balance: outcome.balance });
      case 'conflict':
        return failed(409, 'REFERENCE_ID_REUSED', `referenceId ${req.referenceId} was already used for another debit`);
    }
  }

  function reverse(body: Record<string, unknown>): Answer {
    const req = parseReverse(body);
    if (typeof req === 'string') return failed(400, 'INVALID_REQUEST', req);
    const outcome = ledger.reverse(req);
    if (outcome.kind === 'not-found') return failed(404, 'TRANSACTION_NOT_FOUND', `no debit with referenceId ${req.referenceId} for this user`);
    return { status: 200, body: success(outcome.entry) };
  }

  function webhook(raw: Buffer, req: IncomingMessage): Answer {
    const outcome = webhooks.receive(raw, headerValue(req, SIGNATURE_HEADER));
    switch (outcome.kind) {
      case 'bad-signature':
        return { status: 401, body: { error: 'INVALID_SIGNATURE', message: 'X-Verify does not match the body' } };
      case 'bad-payload':
        return { status: 400, body: { error: 'INVALID_PAYLOAD', message: outcome.reason } };
      case 'accepted':
        // A duplicate is acknowledged (so it is not retried) but not processed again.
        return { status: 200, body: { received: true, duplicate: outcome.delivery.duplicate } };
    }
  }

  async function answer(req: IncomingMessage, url: URL, route: RouteName | undefined, record: RequestRecord): Promise<Answer | 'too-large'> {
    if (!route || (faults.on.has('missing-route') && faults.missingRoute === route)) {
      return { status: 404, body: { error: 'NOT_FOUND', message: `no route ${req.method} ${url.pathname}` } };
    }
    const spec = ROUTE_TABLE[route];
    if (req.method !== spec.method) {
      return { status: 405, body: { error: 'METHOD_NOT_ALLOWED', message: `use ${spec.method}` }, headers: { allow: spec.method } };
    }
    if (spec.guarded) {
      record.secret = secretSeen(req);
      if (!secretAccepted(record.secret)) return route === 'sso' ? UNAUTHORIZED_SSO : failed(401, 'UNAUTHORIZED', 'missing or wrong X-Hubble-Secret');
    }
    if (route === 'balance') return balance(url.searchParams);

    const raw = await readBody(req);
    if (raw === 'too-large') return raw;
    if (route === 'webhook') return webhook(raw, req);
    const body = parseJsonObject(raw);
    if (!body) return route === 'sso' ? { status: 400, body: { userId: null } } : failed(400, 'INVALID_REQUEST', 'the body must be a JSON object');
    if (route === 'sso') return sso(body);
    if (route === 'debit') return debit(body);
    return reverse(body);
  }

  function routeOf(pathname: string): RouteName | undefined {
    for (const [name, spec] of Object.entries(ROUTE_TABLE)) if (pathname === `${base}${spec.path}`) return name as RouteName;
    return undefined;
  }

  /** The https server's request listener. */
  function handle(req: IncomingMessage, res: ServerResponse): void {
    const started = performance.now();
    let url: URL;
    try {
      url = new URL(req.url ?? '/', 'https://sandbox.invalid');
    } catch {
      sendJson(res, 400, { error: 'BAD_REQUEST', message: 'unparseable request target' });
      return;
    }
    const route = routeOf(url.pathname);
    const record: RequestRecord = { method: req.method ?? '?', path: url.pathname + url.search, route, secret: 'not required', status: 'none', durationMs: 0 };
    if (requests.push(record) > MAX_RECORDS) requests.shift();
    const finish = (status: number | 'none') => {
      record.status = status;
      record.durationMs = Math.round(performance.now() - started);
      options.onRequest?.(record);
    };

    if (faults.on.has('hang')) {
      // Read and drop the request, then never answer: the connection stays open until the caller gives up.
      req.resume();
      finish('none');
      return;
    }
    answer(req, url, route, record).then(
      (result) => {
        const send = () => {
          if (result === 'too-large') sendJson(res, 413, { error: 'PAYLOAD_TOO_LARGE', message: 'request bodies are limited to 64 KiB' }, {}, true);
          else sendJson(res, result.status, result.body, result.headers);
          finish(res.statusCode);
        };
        if (!faults.on.has('slow')) return send();
        const timer = setTimeout(send, faults.slowMs);
        res.once('close', () => clearTimeout(timer));
      },
      () => {
        // Only a broken connection gets here (readBody rejected); there is no one to answer.
        res.destroy();
        finish('none');
      },
    );
  }

  return {
    handle,
    ledger,
    webhooks,
    requests: requests as readonly RequestRecord[],
    /** Issues an SSO token for a user, as the partner's login would. */
    issueToken: (userId: string, ttlMs?: number) => tokens.issue(userId, ttlMs),
  };
}

export type Partner = ReturnType<typeof createPartner>;

function success(entry: LedgerEntry) {
  return { status: 'SUCCESS', transactionId: entry.transactionId, referenceId: entry.referenceId, balance: entry.balance };
}

function failed(status: number, failureReason: string, message: string, extra: Record<string, unknown> = {}): Answer {
  return { status, body: { status: 'FAILED', failureReason, message, ...extra } };
}

/** A DebitRequest, or what is wrong with the body. */
function parseDebit(body: Record<string, unknown>): DebitRequest | string {
  const { userId, coins, referenceId, note } = body;
  if (typeof userId !== 'string' || userId === '') return 'userId must be a non-empty string';
  if (typeof coins !== 'number' || !Number.isFinite(coins) || coins <= 0) return 'coins must be a positive number';
  if (typeof referenceId !== 'string' || referenceId === '') return 'referenceId must be a non-empty string';
  if (note !== undefined && typeof note !== 'string') return 'note must be a string';
  return { userId, coins, referenceId, ...(note === undefined ? {} : { note }) };
}

function parseReverse(body: Record<string, unknown>): ReverseRequest | string {
  const { userId, referenceId, note } = body;
  if (typeof userId !== 'string' || userId === '') return 'userId must be a non-empty string';
  if (typeof referenceId !== 'string' || referenceId === '') return 'referenceId must be a non-empty string';
  if (note !== undefined && typeof note !== 'string') return 'note must be a string';
  return { userId, referenceId, ...(note === undefined ? {} : { note }) };
}
