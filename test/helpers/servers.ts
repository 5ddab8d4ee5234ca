// Loopback servers for network tests: well-behaved, partner-like and hostile. Every server listens on
// 127.0.0.1 on a random port and is reached through a public-looking name pinned with a --resolve
// rule, so no test ever touches DNS or a host outside this machine. `close()` ends every socket.
import { once } from 'node:events';
import { createServer as createHttpServer, type IncomingHttpHeaders, type IncomingMessage, type Server as HttpServer, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { createServer as createNetServer, type Server as NetServer, type Socket } from 'node:net';
import { createServer as createTlsServer, type SecureVersion, type TLSSocket } from 'node:tls';
import type { CertAuthority, PemPair } from '../../src/sandbox/certs.js';
import type { ResolveRule } from '../../src/net/resolve.js';
import { certFor, testCa, type CertKind } from './certs.js';

export const LOOPBACK = '127.0.0.1';

export interface RecordedRequest {
  method: string;
  url: string;
  /** Header names in lower case. */
  headers: IncomingHttpHeaders;
}

export interface TestServer {
  /** The public-looking name tests use; pinned to 127.0.0.1 by `rule`. */
  host: string;
  port: number;
  /** `https://host:port` (or http). */
  origin: string;
  url(path?: string): string;
  /** The --resolve rule that sends `host:port` to this server. */
  rule: ResolveRule;
  /** Every HTTP request received, in order (servers that speak HTTP only). */
  requests: RecordedRequest[];
  /** TCP connections accepted so far. */
  connections(): number;
  /** True when any request carried this header (lower-case name). */
  sawHeader(name: string): boolean;
  close(): Promise<void>;
}

export type Handler = (req: IncomingMessage, res: ServerResponse) => void;

/** TLS settings of a server: a version range, or the legacy-friendly cipher list for TLS 1.0/1.1. */
export interface TlsRange {
  minVersion?: SecureVersion;
  maxVersion?: SecureVersion;
}

type AnyServer = HttpServer | NetServer;

async function listen(server: AnyServer, name: string, scheme: 'http' | 'https' | 'tcp', requests: RecordedRequest[]): Promise<TestServer> {
  // Lower case, as URL and --resolve parsing make it: a rule that missed would mean a real DNS lookup.
  const host = name.toLowerCase();
  const sockets = new Set<Socket>();
  let connections = 0;
  server.on('connection', (s: Socket) => {
    connections++;
    sockets.add(s);
    s.on('error', () => {});
    s.on('close', () => sockets.delete(s));
  });
  server.on('clientError', (_err: Error, s: Socket) => s.destroy());
  server.on('tlsClientError', () => {});
  server.listen(0, LOOPBACK);
  await once(server, 'listening');
  const port = (server.address() as { port: number }).port;
  const origin = `${scheme === 'tcp' ? 'https' : scheme}://${host}:${port}`;
  return {
    host,
    port,
    origin,
    url: (path = '') => `${origin}${path}`,
    rule: { host, port, address: LOOPBACK },
    requests,
    connections: () => connections,
    sawHeader: (name) => requests.some((r) => r.headers[name.toLowerCase()] !== undefined),
    async close() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const s of sockets) s.destroy();
      await closed;
    },
  };
}

/** Records the request, drains its body, and keeps the handler's timers from outliving the socket. */
function recording(requests: RecordedRequest[], handler: Handler): Handler {
  return (req, res) => {
    requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers });
    req.resume();
    res.on('error', () => {});
    handler(req, res);
  };
}

/** An https server with a certificate from the test CA (or the given one) for `host`. */
export async function startHttps(options: {
  host: string;
  cert?: PemPair | CertKind;
  tls?: TlsRange;
  handler?: Handler;
}): Promise<TestServer> {
  const pem = typeof options.cert === 'object' ? options.cert : await certFor(options.host, options.cert ?? 'good');
  const requests: RecordedRequest[] = [];
  const server = createHttpsServer(
    {
      cert: pem.certPem,
      key: pem.keyPem,
      ...options.tls,
      // A TLS 1.0/1.1 server needs SECLEVEL=0 too, or OpenSSL 3 will not negotiate them.
      ciphers: 'DEFAULT@SECLEVEL=0',
    },
    recording(requests, options.handler ?? answer(401, {}, '{"userId":null}')),
  );
  return listen(server, options.host, 'https', requests);
}

/** A plain http server that records every request's headers. */
export async function startHttp(options: { host: string; handler?: Handler }): Promise<TestServer> {
  const requests: RecordedRequest[] = [];
  const server = createHttpServer(recording(requests, options.handler ?? answer(401, {}, '{"userId":null}')));
  return listen(server, options.host, 'http', requests);
}

/** Completes the TLS handshake (any version in the range) and then never says a word. */
export async function startTlsSilent(options: { host: string; cert?: PemPair | CertKind; tls?: TlsRange }): Promise<TestServer> {
  const pem = typeof options.cert === 'object' ? options.cert : await certFor(options.host, options.cert ?? 'good');
  const server = createTlsServer({ cert: pem.certPem, key: pem.keyPem, ...options.tls, ciphers: 'DEFAULT@SECLEVEL=0' }, (s: TLSSocket) => {
    s.on('error', () => {});
  });
  return listen(server, options.host, 'https', []);
}

/** Accepts TCP connections and never answers (no TLS, no HTTP). */
export async function startTcpSilent(options: { host: string }): Promise<TestServer> {
  const server = createNetServer(() => {});
  return listen(server, options.host, 'tcp', []);
}

/** A port nothing listens on (bound, then closed): connections are refused. */
export async function closedPort(name: string): Promise<Pick<TestServer, 'host' | 'port' | 'origin' | 'url' | 'rule'>> {
  const server = createNetServer();
  server.listen(0, LOOPBACK);
  await once(server, 'listening');
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((r) => server.close(() => r()));
  const host = name.toLowerCase();
  const origin = `https://${host}:${port}`;
  return { host, port, origin, url: (path = '') => `${origin}${path}`, rule: { host, port, address: LOOPBACK } };
}

// ---- handlers -------------------------------------------------------------------------------

/** Answers with a status, headers and a body. */
export function answer(status: number, headers: Record<string, string> = {}, body = ''): Handler {
  return (_req, res) => {
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(body);
  };
}

/** Runs `inner` after `ms`; the timer dies with the connection. */
export function delayed(ms: number, inner: Handler): Handler {
  return (req, res) => {
    const timer = setTimeout(() => inner(req, res), ms);
    res.on('close', () => clearTimeout(timer));
  };
}

/** Sends the headers at once, then one body byte every `intervalMs`, for ever. */
export function drip(intervalMs = 50): Handler {
  return (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': '1000000' });
    const timer = setInterval(() => res.write(' '), intervalMs);
    res.on('close', () => clearInterval(timer));
  };
}

/** Claims a 1 GB body and streams it as fast as the client reads, until the client goes. */
export function hugeBody(bytes = 2 ** 30): Handler {
  return (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(bytes) });
    const chunk = Buffer.alloc(64 * 1024, 0x20);
    let sent = 0;
    let closed = false;
    res.on('close', () => (closed = true));
    const pump = () => {
      while (!closed && sent < bytes) {
        sent += chunk.length;
        if (!res.write(chunk)) return void res.once('drain', pump);
      }
      if (!closed) res.end();
    };
    pump();
  };
}

/** Sends the headers and part of the body, then resets the TCP connection (RST). */
export function resetMidResponse(): Handler {
  return (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': '100' });
    res.write('{"userId":', () => {
      const timer = setTimeout(() => {
        // Over TLS the RST goes on the TCP socket underneath (`_parent`).
        const socket = res.socket as (Socket & { _parent?: Socket }) | null;
        (socket?._parent ?? socket)?.resetAndDestroy();
      }, 20);
      res.on('close', () => clearTimeout(timer));
    });
  };
}

/** A partner's routes done right: 401 without the right X-Hubble-Secret, 200 with it. */
export function partnerRoutes(options: { secret: string; basePath?: string; webhookPath?: string }): Handler {
  const base = (options.basePath ?? '/hubble').replace(/\/$/, '');
  const webhook = options.webhookPath ?? `${base}/webhook`;
  const routes: Record<string, string> = {
    [`${base}/sso`]: 'POST',
    [`${base}/balance`]: 'GET',
    [`${base}/debit`]: 'POST',
    [`${base}/reverse`]: 'POST',
    [webhook]: 'POST',
  };
  return (req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const method = routes[path];
    if (!method) return answer(404, {}, '{"error":"not found"}')(req, res);
    if (req.method !== method) return answer(405, { allow: method }, '{"error":"method not allowed"}')(req, res);
    if (path !== webhook && req.headers['x-hubble-secret'] !== options.secret) return answer(401, {}, '{"userId":null}')(req, res);
    if (path === webhook) return answer(401, {}, '{"error":"bad signature"}')(req, res);
    return answer(200, {}, '{"status":"SUCCESS"}')(req, res);
  };
}

export interface PartnerServer extends TestServer {
  ca: CertAuthority;
  integrationBaseUrl: string;
  webhookUrl: string;
}

/**
 * A partner-like https server on 127.0.0.1 with a fresh CA: /hubble/sso, /balance, /debit,
 * /reverse and /hubble/webhook behind X-Hubble-Secret. Trust `ca.certPem` and pin `rule`.
 */
export async function startPartnerServer(options: { host?: string; secret?: string; delayMs?: number; tls?: TlsRange; ca?: CertAuthority } = {}): Promise<PartnerServer> {
  const host = options.host ?? 'api.acme-rewards.com';
  const ca = options.ca ?? (await testCa());
  const routes = partnerRoutes({ secret: options.secret ?? 'partner-test-secret-0123456789' });
  const server = await startHttps({
    host,
    cert: await ca.issue({ hosts: [host] }),
    tls: options.tls,
    handler: options.delayMs ? delayed(options.delayMs, routes) : routes,
  });
  return { ...server, ca, integrationBaseUrl: server.url('/hubble'), webhookUrl: server.url('/hubble/webhook') };
}

/** Closes every server given (ignores undefined), in parallel. */
export async function closeAll(servers: Iterable<{ close(): Promise<void> } | undefined>): Promise<void> {
  await Promise.all([...servers].map((s) => s?.close()));
}
