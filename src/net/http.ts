import type { Socket } from 'node:net';
import { buildConnector, Client } from 'undici';
import type { Secret } from '../engine/secret.js';
import { createLimiter, type Limiter } from './limit.js';
import { pinnedAddress, type ResolveRule } from './resolve.js';

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
}

export interface Timings {
  /** DNS lookup, when a lookup happened. */
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
const CONNECT_CODES = new Set(['ECONNREFUSED', 'EHOSTUNREACH', 'ENETUNREACH', 'EADDRNOTAVAIL', 'UND_ERR_CONNECT_TIMEOUT']);

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

  const started = performance.now();
  const since = () => Math.round(performance.now() - started);
  const timings: Timings = { totalMs: 0 };
  const deadline = AbortSignal.timeout(options.timeoutMs);
  const signal = req.signal ? AbortSignal.any([deadline, req.signal]) : deadline;

  const port = Number(url.port) || (url.protocol === 'https:' ? 443 : 80);
  const pinned = pinnedAddress(options.resolve ?? [], url.hostname, port);
  const baseConnect = buildConnector({
    timeout: options.timeoutMs,
    ...(options.ca ? { ca: options.ca } : {}),
  } as buildConnector.BuildOptions);
  const connector: buildConnector.connector = (opts, callback) => {
    const servername = url.hostname.replace(/^\[(.*)\]$/, '$1');
    const socket = baseConnect(
      { ...opts, hostname: pinned ?? opts.hostname, servername: isIpLiteral(servername) ? '' : servername },
      callback,
    ) as unknown as Socket;
    const dnsStart = performance.now();
    socket.once('lookup', () => (timings.dnsMs = Math.round(performance.now() - dnsStart)));
    socket.once('connect', () => (timings.connectMs = since()));
    socket.once('secureConnect', () => (timings.tlsMs = since()));
    return socket as never;
  };

  const client = new Client(url.origin, {
    connect: connector,
    headersTimeout: options.timeoutMs + 1000,
    bodyTimeout: options.timeoutMs + 1000,
    keepAliveTimeout: 1,
  });
  const headers: Record<string, string> = { 'user-agent': USER_AGENT, ...req.headers };
  for (const [name, secret] of Object.entries(req.secretHeaders ?? {})) headers[name] = secret.reveal();

  try {
    const res = await client.request({
      path: url.pathname + url.search,
      method: req.method,
      headers,
      body: req.body,
      signal,
    });
    timings.headersMs = since();
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
    };
  } catch (err) {
    timings.totalMs = since();
    return classifyFailure(req.url, err, timings, deadline.aborted, url.protocol === 'https:');
  } finally {
    client.destroy().catch(() => {});
  }
}

function isIpLiteral(host: string): boolean {
  return /^[\d.]+$/.test(host) || host.includes(':');
}

/** Tells DNS, connect, TLS and HTTP failures apart, and names a timeout by the stage it hit. */
export function classifyFailure(url: string, err: unknown, timings: Timings, timedOut: boolean, https: boolean): HttpFailure {
  const e = (err ?? {}) as { code?: string; message?: string; cause?: { code?: string; message?: string } };
  const code = e.code ?? e.cause?.code ?? 'UNKNOWN';
  const reached: FailureStage =
    timings.connectMs === undefined ? 'connect' : https && timings.tlsMs === undefined ? 'tls' : 'http';
  if (timedOut || code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT') {
    const what = { dns: 'DNS lookup', connect: 'TCP connect', tls: 'TLS handshake', http: timings.headersMs === undefined ? 'response headers' : 'response body' }[reached];
    return { kind: 'failure', url, stage: reached, timedOut: true, code: 'TIMEOUT', message: `no ${what} within ${timings.totalMs} ms`, timings };
  }
  const message = (e.message ?? String(err)).split('\n')[0]!;
  let stage: FailureStage;
  if (DNS_CODES.has(code)) stage = 'dns';
  else if (CONNECT_CODES.has(code)) stage = 'connect';
  else if (/^(ERR_TLS|ERR_SSL|CERT_|DEPTH_ZERO|UNABLE_TO|SELF_SIGNED|ERR_OSSL)/.test(code) || /TLS|SSL|certificate/i.test(message)) {
    stage = 'tls';
  } else stage = reached;
  return { kind: 'failure', url, stage, timedOut: false, code, message, timings };
}
