import { isIP, type Socket } from 'node:net';
import { checkServerIdentity, type TLSSocket } from 'node:tls';
import { buildConnector, Client } from 'undici';
import type { Secret } from '../engine/secret.js';
import { createLimiter, type Limiter } from './limit.js';
import { readableMessage } from './describe.js';
import { pinnedAddress, type ResolveRule } from './resolve.js';
import { secureContextFor } from './secure-context.js';

declare const __VERSION__: string;
export const USER_AGENT = `hubble-golive/${typeof __VERSION__ === 'string' ? __VERSION__ : 'dev'}`;

export interface HttpClientOptions {
  /** Deadline of one request, from connect to the last byte read. */
  timeoutMs: number;
  /** --resolve rules. */
  resolve?: readonly ResolveRule[];
  /** The CA list to trust (see buildTrustStore); undefined keeps Node's default store. */
  ca?: string[];
  /** Largest body read; the rest is dropped. */
  bodyCapBytes?: number;
  /** Requests in flight at once across the whole run. */
  concurrency?: number;
}

export interface ProbeRequest {
  method: 'GET' | 'POST' | 'HEAD' | 'PUT' | 'DELETE' | 'OPTIONS';
  url: string;
  headers?: Record<string, string>;
  /**
   * Headers carrying a secret. They are put on the wire only for https URLs; for any other
   * scheme the request is not sent at all (`blocked`). Redirects are never followed, so a
   * secret never reaches a redirect target.
   */
  secretHeaders?: Record<string, Secret>;
  body?: string | Buffer;
  /** Aborts the request early (e.g. the check's deadline). */
  signal?: AbortSignal;
  /**
   * Complete the TLS handshake even when the certificate fails verification (as `curl -k`), and
   * report the verdict in `tls` instead of failing. For probes that only ask "does it answer":
   * a request with `secretHeaders` is never sent this way (`blocked`).
   */
  insecureTls?: boolean;
}

/** The TLS session of an https request. */
export interface TlsSession {
  protocol: string;
  cipher: string;
  /** Chain trusted and the certificate names the host. Always true unless `insecureTls` was set. */
  authorized: boolean;
  /** Why not: CERT_HAS_EXPIRED, DEPTH_ZERO_SELF_SIGNED_CERT, ERR_TLS_CERT_ALTNAME_INVALID, ... */
  authorizationError?: string;
}

export interface Timings {
  /** DNS lookup done, from the start (only when a lookup happened: not for IPs or --resolve pins). */
  dnsMs?: number;
  /** TCP connected, from the start. */
  connectMs?: number;
  /** TLS handshake done, from the start. */
  tlsMs?: number;
  /** Response headers received, from the start. */
  headersMs?: number;
  totalMs: number;
}

export interface HttpResponse {
  kind: 'response';
  url: string;
  status: number;
  headers: Record<string, string>;
  /** The body, up to the cap, as UTF-8. */
  body: string;
  /** True when the body was longer than the cap (the rest was not read). */
  truncated: boolean;
  timings: Timings;
  /** The address connected to (shows a --resolve pin at work). */
  remoteAddress?: string;
  /** Set for https. */
  tls?: TlsSession;
}

/** The stage at which a request failed: DNS, TCP connect, TLS handshake, or HTTP exchange. */
export type FailureStage = 'dns' | 'connect' | 'tls' | 'http';

export interface HttpFailure {
  kind: 'failure';
  url: string;
  stage: FailureStage;
  /** True when the deadline passed (the server did not answer in time). */
  timedOut: boolean;
  /** A stable code: ENOTFOUND, ECONNREFUSED, CERT_HAS_EXPIRED, TIMEOUT, ... */
  code: string;
  message: string;
  timings: Timings;
  /** The status, when the response headers had arrived before the failure (a body cut off or too slow). */
  status?: number;
  remoteAddress?: string;
  /** Set when the TLS handshake completed. */
  tls?: TlsSession;
}

/** The request was not sent because sending it would break a safety rule. */
export interface HttpBlocked {
  kind: 'blocked';
  url: string;
  reason: string;
}

export type HttpResult = HttpResponse | HttpFailure | HttpBlocked;

export interface HttpClient {
  request(req: ProbeRequest): Promise<HttpResult>;
}

const DNS_CODES = new Set(['ENOTFOUND', 'EAI_AGAIN', 'EAI_FAIL', 'EAI_NONAME', 'ENODATA']);
const CONNECT_CODES = new Set(['ECONNREFUSED', 'EHOSTUNREACH', 'ENETUNREACH', 'EADDRNOTAVAIL']);
const TIMEOUT_CODES = new Set(['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'UND_ERR_CONNECT_TIMEOUT']);

/** One client for every check's requests: exact deadlines, capped bodies, no redirects, secrets only over https. */
export function createHttpClient(options: HttpClientOptions): HttpClient {
  const limit: Limiter = createLimiter(options.concurrency ?? 16);
  const cap = options.bodyCapBytes ?? 64 * 1024;
  return {
    request: (req) => limit(() => send(req, options, cap)),
  };
}

async function send(req: ProbeRequest, options: HttpClientOptions, cap: number): Promise<HttpResult> {
  let url: URL;
  try {
    url = new URL(req.url);
  } catch {
    return { kind: 'blocked', url: req.url, reason: 'not a valid URL' };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    return { kind: 'blocked', url: req.url, reason: `unsupported scheme ${url.protocol}` };
  }
  if (req.secretHeaders && Object.keys(req.secretHeaders).length > 0 && url.protocol !== 'https:') {
    return { kind: 'blocked', url: req.url, reason: 'secrets are never sent over plain http' };
  }
  if (url.username || url.password) {
    return { kind: 'blocked', url: req.url, reason: 'URLs with user:password are not requested' };
  }
  if (req.insecureTls && req.secretHeaders && Object.keys(req.secretHeaders).length > 0) {
    return { kind: 'blocked', url: req.url, reason: 'secrets are never sent without verifying the certificate' };
  }

  // A request queued behind the concurrency limit whose check has already given up: nothing to send.
  if (req.signal?.aborted) {
    return { kind: 'failure', url: req.url, stage: 'connect', timedOut: false, code: 'ABORTED', message: "cancelled before it was sent (the check's deadline passed)", timings: { totalMs: 0 } };
  }

  const started = performance.now();
  const since = () => Math.round(performance.now() - started);
  const timings: Timings = { totalMs: 0 };
  const deadline = AbortSignal.timeout(options.timeoutMs);
  const signal = req.signal ? AbortSignal.any([deadline, req.signal]) : deadline;

  const port = Number(url.port) || (url.protocol === 'https:' ? 443 : 80);
  const hostname = url.hostname.replace(/^\[(.*)\]$/, '$1');
  const pinned = pinnedAddress(options.resolve ?? [], hostname, port);
  const needsLookup = !pinned && !isIP(hostname);
  let tls: TlsSession | undefined;
  let remoteAddress: string | undefined;
  let socket: Socket | undefined;
  const baseConnect = buildConnector({
    // Our AbortSignal is the exact deadline; undici's own timer (coarse) only backs it up.
    timeout: options.timeoutMs + 1000,
    ...(options.ca ? { ca: options.ca, secureContext: secureContextFor(options.ca) } : {}),
    // Always explicit: NODE_TLS_REJECT_UNAUTHORIZED=0 in the environment must never let a secret
    // reach an unverified server. With insecureTls the name is checked by us below, so that an
    // insecure probe still reports a wrong host.
    ...(req.insecureTls ? { rejectUnauthorized: false, checkServerIdentity: () => undefined } : { rejectUnauthorized: true }),
  } as buildConnector.BuildOptions);
  const connector: buildConnector.connector = (opts, callback) => {
    const s = baseConnect(
      { ...opts, hostname: pinned ?? opts.hostname, servername: isIP(hostname) ? '' : hostname },
      callback,
    ) as unknown as Socket;
    socket = s;
    s.once('lookup', () => (timings.dnsMs = since()));
    s.once('connect', () => {
      timings.connectMs = since();
      remoteAddress = s.remoteAddress;
    });
    s.once('secureConnect', () => {
      timings.tlsMs = since();
      tls = describeSession(s as TLSSocket, hostname);
    });
    return s as never;
  };

  const client = new Client(url.origin, {
    connect: connector,
    headersTimeout: options.timeoutMs + 1000,
    bodyTimeout: options.timeoutMs + 1000,
    keepAliveTimeout: 1,
  });
  const headers: Record<string, string> = { 'user-agent': USER_AGENT, ...req.headers };
  for (const [name, secret] of Object.entries(req.secretHeaders ?? {})) headers[name] = secret.onWire();

  // undici does not give up on a request whose connection is still being made (TCP or TLS) until
  // its own connect timeout; tear everything down the moment the deadline or the caller aborts.
  const onAbort = () => {
    socket?.destroy();
    client.destroy(signal.reason instanceof Error ? signal.reason : new Error('aborted')).catch(() => {});
  };
  signal.addEventListener('abort', onAbort, { once: true });
  if (signal.aborted) onAbort(); // 'abort' never fires for a signal that is already aborted
  let status: number | undefined;
  try {
    const res = await client.request({
      path: url.pathname + url.search,
      method: req.method,
      headers,
      body: req.body,
      signal,
    });
    timings.headersMs = since();
    status = res.statusCode;
    const chunks: Buffer[] = [];
    let size = 0;
    let truncated = false;
    for await (const chunk of res.body as AsyncIterable<Buffer>) {
      const room = cap - size;
      if (chunk.length > room) {
        chunks.push(chunk.subarray(0, room));
        truncated = true;
        break;
      }
      chunks.push(chunk);
      size += chunk.length;
    }
    if (truncated) res.body.destroy();
    timings.totalMs = since();
    const flatHeaders: Record<string, string> = {};
    for (const [k, v] of Object.entries(res.headers)) if (v !== undefined) flatHeaders[k] = Array.isArray(v) ? v.join(', ') : v;
    return {
      kind: 'response',
      url: req.url,
      status: res.statusCode,
      headers: flatHeaders,
      body: Buffer.concat(chunks).toString('utf8'),
      truncated,
      timings,
      ...(remoteAddress ? { remoteAddress } : {}),
      ...(tls ? { tls } : {}),
    };
  } catch (err) {
    timings.totalMs = since();
    const failure = classifyFailure(req.url, err, timings, deadline.aborted, url.protocol === 'https:', needsLookup);
    if (!deadline.aborted && req.signal?.aborted) {
      failure.code = 'ABORTED';
      failure.message = `cancelled after ${timings.totalMs} ms (the check's deadline passed)`;
    }
    return { ...failure, ...(status !== undefined ? { status } : {}), ...(remoteAddress ? { remoteAddress } : {}), ...(tls ? { tls } : {}) };
  } finally {
    signal.removeEventListener('abort', onAbort);
    socket?.destroy();
    client.destroy().catch(() => {});
  }
}

function describeSession(socket: TLSSocket, hostname: string): TlsSession {
  let authorized = socket.authorized;
  let authorizationError = socket.authorizationError ? String(socket.authorizationError) : undefined;
  const peer = socket.getPeerCertificate();
  // A socket torn down mid-handshake (our deadline) has no peer certificate left to read.
  if (authorized && peer && Object.keys(peer).length > 0) {
    // With insecureTls Node was told not to check the name; without it, this repeats Node's check.
    const identity = checkServerIdentity(hostname, peer);
    if (identity) {
      authorized = false;
      authorizationError = (identity as NodeJS.ErrnoException).code ?? identity.message;
    }
  }
  return {
    protocol: socket.getProtocol() ?? 'unknown',
    cipher: socket.getCipher()?.name ?? 'unknown',
    authorized,
    ...(authorizationError ? { authorizationError } : {}),
  };
}

/** Tells DNS, connect, TLS and HTTP failures apart, and names a timeout by the stage it hit. */
export function classifyFailure(url: string, err: unknown, timings: Timings, timedOut: boolean, https: boolean, needsLookup = false): HttpFailure {
  const e = (err ?? {}) as { code?: string; message?: string; cause?: { code?: string; message?: string } };
  const code = e.code ?? e.cause?.code ?? 'UNKNOWN';
  const reached: FailureStage =
    timings.connectMs === undefined
      ? needsLookup && timings.dnsMs === undefined ? 'dns' : 'connect'
      : https && timings.tlsMs === undefined ? 'tls' : 'http';
  if (timedOut || TIMEOUT_CODES.has(code)) {
    const what = { dns: 'DNS lookup', connect: 'TCP connect', tls: 'TLS handshake', http: timings.headersMs === undefined ? 'response headers' : 'response body' }[reached];
    return { kind: 'failure', url, stage: reached, timedOut: true, code: 'TIMEOUT', message: `no ${what} within ${timings.totalMs} ms`, timings };
  }
  const message = readableMessage(e.message ?? String(err));
  let stage: FailureStage;
  if (DNS_CODES.has(code)) stage = 'dns';
  else if (CONNECT_CODES.has(code)) stage = 'connect';
  else if (/^(ERR_TLS|ERR_SSL|CERT_|DEPTH_ZERO|UNABLE_TO|SELF_SIGNED|ERR_OSSL)/.test(code) || /TLS|SSL|certificate/i.test(message)) {
    stage = 'tls';
  } else stage = reached;
  return { kind: 'failure', url, stage, timedOut: false, code, message, timings };
}
