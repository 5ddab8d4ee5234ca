import type { HttpFailure, HttpResult, Timings } from './http.js';
import type { HandshakeOutcome } from './tls.js';

/** `api.yourapp.com:443` for a URL, with the scheme's default port spelled out. */
export function hostPort(url: string): string {
  const u = new URL(url);
  return `${u.hostname}:${u.port || (u.protocol === 'https:' ? 443 : 80)}`;
}

/** The failed stage and why, in words: `TCP connect to api.yourapp.com:443 failed (ECONNREFUSED)`. */
export function describeFailure(f: HttpFailure): string {
  const where = hostPort(f.url);
  if (f.timedOut) {
    if (f.stage === 'http' && f.status !== undefined) return `answered ${f.status} but the body did not complete within ${f.timings.totalMs} ms`;
    const what = { dns: `DNS answer for ${new URL(f.url).hostname}`, connect: `TCP connection to ${where}`, tls: `TLS handshake with ${where}`, http: `HTTP response from ${where}` }[f.stage];
    return `no ${what} within ${f.timings.totalMs} ms`;
  }
  // `connect ECONNREFUSED 1.2.3.4:443` says no more than its code; `certificate has expired` does.
  const why = !f.message || f.message.includes(f.code) ? f.code : `${f.code}: ${f.message}`;
  switch (f.stage) {
    case 'dns':
      return `DNS lookup of ${new URL(f.url).hostname} failed (${why})`;
    case 'connect':
      return `TCP connect to ${where} failed (${why})`;
    case 'tls':
      return `TLS handshake with ${where} failed (${why})`;
    case 'http':
      return f.status !== undefined
        ? `answered ${f.status}, then the response was cut off (${why})`
        : `${where} accepted the connection but the HTTP exchange failed (${why})`;
  }
}

/** How to fix a failure at each stage. */
export function fixForFailure(f: HttpFailure): string {
  const u = new URL(f.url);
  const port = u.port || (u.protocol === 'https:' ? '443' : '80');
  switch (f.stage) {
    case 'dns':
      return `Publish a public DNS record for ${u.hostname}. To test before DNS points at the server, pass --resolve ${u.hostname}:${port}:ADDRESS.`;
    case 'connect':
      return `Make ${u.hostname}:${port} reachable from the internet: the server must listen there and firewalls, security groups and load balancer listeners must let it through.`;
    case 'tls':
      return `Serve TLS 1.2 or 1.3 on ${u.hostname}:${port} with a certificate for ${u.hostname} from a public CA; tls.protocol and tls.certificate tell which part is wrong.`;
    case 'http':
      return f.timedOut
        ? 'Answer every request promptly, a rejected one too: Hubble gives up on a slow endpoint. Look for a hung upstream, a blocking handler or a proxy that buffers.'
        : 'The server dropped the connection mid-exchange: look at the proxy and application logs for crashes, resets or body size limits.';
  }
}

/** Per-stage latency, as evidence: only the stages that happened. */
export function timingEvidence(t: Timings): Record<string, number> {
  const out: Record<string, number> = {};
  if (t.dnsMs !== undefined) out.dnsMs = t.dnsMs;
  if (t.connectMs !== undefined) out.connectMs = t.connectMs;
  if (t.tlsMs !== undefined) out.tlsMs = t.tlsMs;
  if (t.headersMs !== undefined) out.headersMs = t.headersMs;
  out.totalMs = t.totalMs;
  return out;
}

/** Evidence common to every HTTP probe: what was asked, what came back, and how long each stage took. */
export function probeEvidence(method: string, result: HttpResult): Record<string, unknown> {
  const base: Record<string, unknown> = { request: `${method} ${result.url}` };
  if (result.kind === 'blocked') return { ...base, notSent: result.reason };
  if (result.kind === 'response') base.status = result.status;
  else {
    base.stage = result.stage;
    base.code = result.code;
    if (result.timedOut) base.timedOut = true;
    if (result.status !== undefined) base.status = result.status;
  }
  base.timings = timingEvidence(result.timings);
  if (result.remoteAddress) base.remoteAddress = result.remoteAddress;
  if (result.tls) base.tls = result.tls;
  return base;
}

/** The partner origins of an environment, split by scheme. */
export function originsByScheme(origins: readonly string[]): { https: string[]; http: string[] } {
  return {
    https: origins.filter((o) => o.startsWith('https:')),
    http: origins.filter((o) => o.startsWith('http:')),
  };
}

/** `refused (ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION) in 3 ms`: one handshake in a few words. */
export function describeHandshake(h: HandshakeOutcome): string {
  switch (h.outcome) {
    case 'accepted':
      return `accepted (${h.protocol}, ${h.cipher}) in ${h.ms} ms`;
    case 'refused':
      return `refused (${h.code}) in ${h.ms} ms`;
    case 'unreachable':
      return `unreachable: ${h.stage === 'dns' ? 'DNS lookup' : 'TCP connect'} failed (${h.code})`;
    case 'timeout':
      return `no ${h.stage === 'tls' ? 'TLS answer' : h.stage === 'dns' ? 'DNS answer' : 'TCP connection'} within ${h.ms} ms`;
    case 'error':
      return `not tested: ${h.code} on this machine`;
  }
}

/**
 * The first line of an error message, with OpenSSL's machinery removed:
 * `80AC...:error:0A00042E:SSL routines:ssl3_read_bytes:tlsv1 alert protocol version:../ssl/record/rec_layer_s3.c:1605:SSL alert number 70`
 * becomes `tlsv1 alert protocol version (SSL alert number 70)`.
 */
export function readableMessage(message: string): string {
  const line = message.split('\n')[0]!;
  const m = /^[0-9A-F]+:error:[0-9A-F]+:[^:]*:[^:]*:([^:]+)(?::[^:]*:\d+:(.*))?$/.exec(line);
  if (!m) return line;
  return m[2] ? `${m[1]} (${m[2]})` : m[1]!;
}
