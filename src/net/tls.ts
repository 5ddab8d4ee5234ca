import { X509Certificate } from 'node:crypto';
import { isIP } from 'node:net';
import { checkServerIdentity, connect, type ConnectionOptions, type DetailedPeerCertificate, type TLSSocket } from 'node:tls';
import { readableMessage } from './describe.js';
import { pinnedAddress, type ResolveRule } from './resolve.js';
import { secureContextFor } from './secure-context.js';

/** Protocol versions as Node names them, oldest first. */
export type TlsVersion = 'TLSv1' | 'TLSv1.1' | 'TLSv1.2' | 'TLSv1.3';
export const TLS_VERSIONS: readonly TlsVersion[] = ['TLSv1', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3'];
export const LEGACY_VERSIONS: readonly TlsVersion[] = ['TLSv1', 'TLSv1.1'];
export const MODERN_VERSIONS: readonly TlsVersion[] = ['TLSv1.2', 'TLSv1.3'];

/** `TLS 1.0` for `TLSv1`: the name people read. */
export function versionLabel(v: string): string {
  return v === 'TLSv1' ? 'TLS 1.0' : v.replace(/^TLSv/, 'TLS ');
}

/**
 * Lets the 1.0/1.1 probes offer what old servers need. Without `@SECLEVEL=0` OpenSSL 3 refuses
 * TLS 1.0/1.1 on the client side and every legacy server would look like it refused them.
 */
const PROBE_CIPHERS = 'DEFAULT@SECLEVEL=0';

/** Client-side refusals: the probe could not offer the version, so nothing is known about the server. */
const CLIENT_SIDE_CODES = new Set(['ERR_SSL_NO_PROTOCOLS_AVAILABLE', 'ERR_SSL_NO_CIPHERS_AVAILABLE', 'ERR_SSL_NO_CIPHER_MATCH', 'ERR_INVALID_ARG_VALUE']);
const DNS_CODES = new Set(['ENOTFOUND', 'EAI_AGAIN', 'EAI_FAIL', 'EAI_NONAME', 'ENODATA']);

/** Connection settings of a probe: the same as every other network call of the run. */
export interface TlsProbeSettings {
  /** Deadline of one handshake (--timeout). */
  timeoutMs: number;
  /** --resolve rules: connect to the pinned address, keep the name for SNI and the certificate. */
  resolve?: readonly ResolveRule[];
  /** CA list (`ca:`), or undefined for Node's default store (which includes NODE_EXTRA_CA_CERTS). */
  ca?: string[];
}

/** What one handshake did. `refused` means TCP connected and the server would not complete the handshake. */
export type HandshakeOutcome =
  | { outcome: 'accepted'; protocol: string; cipher: string; ms: number }
  | { outcome: 'refused'; code: string; message: string; ms: number }
  | { outcome: 'unreachable'; stage: 'dns' | 'connect'; code: string; message: string; ms: number }
  | { outcome: 'timeout'; stage: 'dns' | 'connect' | 'tls'; ms: number }
  /** The probe could not be made on this machine (client-side); says nothing about the server. */
  | { outcome: 'error'; code: string; message: string; ms: number };

export interface CertificateInfo {
  /** Which handshake presented it: `default` (a modern client) or the version probe it came from. */
  from: 'default' | TlsVersion;
  subject: string;
  issuer: string;
  /** subjectAltName entries, e.g. `DNS:api.yourapp.com`, `IP Address:10.0.0.1`. */
  names: string[];
  validFrom: string;
  validTo: string;
  /** Whole days left before validTo (negative once expired). */
  daysLeft: number;
  /** Milliseconds left before validTo, for exact comparisons. */
  msLeft: number;
  notYetValid: boolean;
  selfSigned: boolean;
  fingerprint256: string;
  serialNumber: string;
  /** Subjects from the leaf up, as presented or as verified. */
  chain: string[];
  /** The chain verified against the trust store (Node's, or --ca / NODE_EXTRA_CA_CERTS). */
  trusted: boolean;
  /** OpenSSL's verdict when not trusted: CERT_HAS_EXPIRED, DEPTH_ZERO_SELF_SIGNED_CERT, ... */
  chainError?: string;
  /** The certificate names the host we asked for (checked even when the chain failed). */
  hostMatches: boolean;
  hostError?: string;
}

export interface TlsOriginProbe {
  origin: string;
  host: string;
  port: number;
  /** The address a --resolve rule pinned, when one did. */
  pinned?: string;
  /** One handshake per version with minVersion = maxVersion. */
  versions: Record<TlsVersion, HandshakeOutcome>;
  /** A handshake with Node's defaults (TLS 1.2-1.3, default ciphers): what a modern client gets. */
  negotiated: HandshakeOutcome;
  /** The certificate, from the default handshake or else from any version that completed. */
  certificate?: CertificateInfo;
  /** Wall time of the whole probe (the handshakes run at once). */
  ms: number;
}

interface Handshake {
  result: HandshakeOutcome;
  peer?: DetailedPeerCertificate;
  authorized?: boolean;
  authorizationError?: string;
}

interface Target {
  host: string;
  port: number;
  address: string;
  servername?: string;
  needsLookup: boolean;
}

/**
 * Probes one https origin: TLS 1.0, 1.1, 1.2 and 1.3 one at a time (each alone), plus one handshake
 * with Node's defaults for the negotiated version, the cipher and the certificate. All five run at
 * once, so the whole probe takes about one handshake and never more than `timeoutMs` (plus a tick).
 * Trust is judged with `settings.ca`; the name is checked against the URL's host (never the pinned address).
 */
export async function probeTlsOrigin(origin: string, settings: TlsProbeSettings, now = () => Date.now()): Promise<TlsOriginProbe> {
  const url = new URL(origin);
  if (url.protocol !== 'https:') throw new TypeError(`not an https origin: ${origin}`);
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  const port = Number(url.port) || 443;
  const pinned = pinnedAddress(settings.resolve ?? [], host, port);
  const target: Target = {
    host,
    port,
    address: pinned ?? host,
    servername: isIP(host) ? undefined : host,
    needsLookup: !pinned && !isIP(host),
  };
  const started = performance.now();
  const versionOptions = (v: TlsVersion) => ({ minVersion: v, maxVersion: v, ciphers: PROBE_CIPHERS });
  // The version probes only ask which versions complete; trust is judged on the default
  // handshake. So they go without the --ca trust list, whose context costs ~50 ms to build.
  const anyTrust = { ...settings, ca: undefined };
  const [v10, v11, v12, v13, byDefault] = await Promise.all([
    ...TLS_VERSIONS.map((v) => handshake(target, versionOptions(v), anyTrust, settings.timeoutMs)),
    handshake(target, {}, settings, settings.timeoutMs),
  ]);
  const versions = { 'TLSv1': v10!, 'TLSv1.1': v11!, 'TLSv1.2': v12!, 'TLSv1.3': v13! };
  // Prefer the certificate a modern client sees; a legacy-only server still shows its certificate,
  // judged on one more handshake of its best version with the full trust list, in the time left.
  let source: [CertificateInfo['from'], Handshake] | undefined;
  if (byDefault!.peer) source = ['default', byDefault!];
  else {
    const best = [...TLS_VERSIONS].reverse().find((v) => versions[v].peer);
    if (best) {
      const left = Math.round(settings.timeoutMs - (performance.now() - started));
      const again = settings.ca && left > 0 ? await handshake(target, versionOptions(best), settings, left) : versions[best];
      source = [best, again.peer ? again : versions[best]];
    }
  }
  return {
    origin: url.origin,
    host,
    port,
    ...(pinned ? { pinned } : {}),
    versions: Object.fromEntries(TLS_VERSIONS.map((v) => [v, versions[v].result])) as Record<TlsVersion, HandshakeOutcome>,
    negotiated: byDefault!.result,
    certificate: source ? describeCertificate(source[0], source[1], host, now()) : undefined,
    ms: Math.round(performance.now() - started),
  };
}

/** One handshake, bounded by the timeout; never throws. */
function handshake(
  target: Target,
  versionOptions: Pick<ConnectionOptions, 'minVersion' | 'maxVersion' | 'ciphers'>,
  settings: TlsProbeSettings,
  timeoutMs: number,
): Promise<Handshake> {
  const started = performance.now();
  const ms = () => Math.round(performance.now() - started);
  return new Promise<Handshake>((resolve) => {
    let socket: TLSSocket | undefined;
    let looked = false;
    let connected = false;
    let done = false;
    const finish = (h: Handshake) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      socket?.destroy();
      resolve(h);
    };
    const timer = setTimeout(() => {
      const stage = connected ? 'tls' : target.needsLookup && !looked ? 'dns' : 'connect';
      finish({ result: { outcome: 'timeout', stage, ms: ms() } });
    }, timeoutMs);
    try {
      socket = connect({
        host: target.address,
        port: target.port,
        ...(target.servername ? { servername: target.servername } : {}),
        ...versionOptions,
        ...(settings.ca ? { secureContext: secureContextFor(settings.ca, versionOptions) } : {}),
        // Look at every certificate, trusted or not, and check the name ourselves (below):
        // Node only checks the name when the chain verified.
        rejectUnauthorized: false,
        checkServerIdentity: () => undefined,
      });
    } catch (err) {
      const e = err as { code?: string; message?: string };
      finish({ result: { outcome: 'error', code: e.code ?? 'ERR', message: firstLine(e.message), ms: ms() } });
      return;
    }
    socket.once('lookup', () => (looked = true));
    socket.once('connect', () => (connected = true));
    socket.once('secureConnect', () => {
      const s = socket!;
      finish({
        result: { outcome: 'accepted', protocol: s.getProtocol() ?? 'unknown', cipher: s.getCipher()?.name ?? 'unknown', ms: ms() },
        peer: s.getPeerCertificate(true),
        authorized: s.authorized,
        authorizationError: s.authorizationError ? String(s.authorizationError) : undefined,
      });
    });
    // `on`, not `once`: a socket may emit a second error after we destroyed it.
    socket.on('error', (err: NodeJS.ErrnoException) => {
      finish({ result: handshakeError(err, connected, ms(), versionOptions.maxVersion === versionOptions.minVersion ? versionOptions.minVersion : undefined) });
    });
    socket.once('close', () => finish({ result: { outcome: 'refused', code: 'ECONNRESET', message: 'the server closed the connection during the handshake', ms: ms() } }));
  });
}

/**
 * Errors raised by our side after the server's ServerHello chose the version: the server accepted
 * it, even though this client would not go on (a SHA-1 key exchange signature, a small DH group).
 */
const AFTER_SERVER_HELLO = new Set(['ERR_SSL_LEGACY_SIGALG_DISALLOWED_OR_UNSUPPORTED', 'ERR_SSL_DH_KEY_TOO_SMALL']);

/** What a handshake error means: unreachable before TCP connected, else refused, unless the client is at fault. */
export function handshakeError(err: { code?: string; message?: string }, connected: boolean, ms: number, version?: string): HandshakeOutcome {
  const code = err.code ?? 'ERR';
  const message = firstLine(err.message);
  if (CLIENT_SIDE_CODES.has(code)) return { outcome: 'error', code, message, ms };
  if (!connected) return { outcome: 'unreachable', stage: DNS_CODES.has(code) ? 'dns' : 'connect', code, message, ms };
  if (version && AFTER_SERVER_HELLO.has(code)) return { outcome: 'accepted', protocol: version, cipher: `unknown (this client stopped: ${code})`, ms };
  return { outcome: 'refused', code, message, ms };
}

const DAY = 86_400_000;

function describeCertificate(from: CertificateInfo['from'], h: Handshake, host: string, nowMs: number): CertificateInfo | undefined {
  const peer = h.peer!;
  if (!peer.raw) return undefined;
  const x = new X509Certificate(peer.raw);
  const validTo = new Date(x.validTo).getTime();
  const validFrom = new Date(x.validFrom).getTime();
  const identity = checkServerIdentity(host, peer);
  const chain: string[] = [];
  const seen = new Set<string>();
  for (let c: DetailedPeerCertificate | undefined = peer; c && c.raw && !seen.has(c.fingerprint256); c = c.issuerCertificate) {
    seen.add(c.fingerprint256);
    chain.push(flatName(new X509Certificate(c.raw).subject));
  }
  return {
    from,
    subject: flatName(x.subject),
    issuer: flatName(x.issuer),
    names: (x.subjectAltName ?? '').split(/,\s*/).filter(Boolean),
    validFrom: new Date(validFrom).toISOString(),
    validTo: new Date(validTo).toISOString(),
    daysLeft: Math.floor((validTo - nowMs) / DAY),
    msLeft: validTo - nowMs,
    notYetValid: validFrom > nowMs,
    // Not checkIssued: a self-signed leaf usually lacks keyCertSign, which that test requires.
    selfSigned: x.issuer === x.subject && x.verify(x.publicKey),
    fingerprint256: x.fingerprint256,
    serialNumber: x.serialNumber,
    chain,
    trusted: h.authorized === true,
    ...(h.authorized ? {} : { chainError: h.authorizationError ?? 'UNKNOWN' }),
    hostMatches: identity === undefined,
    ...(identity ? { hostError: (identity as NodeJS.ErrnoException).code ?? identity.message } : {}),
  };
}

/** `CN=a\nO=b` -> `CN=a, O=b`. */
function flatName(name: string): string {
  return name.split('\n').filter(Boolean).join(', ');
}

function firstLine(message: string | undefined): string {
  return readableMessage(message ?? '');
}

// Several checks (tls.protocol, tls.certificate) ask about the same origins in one run. They share
// one probe per origin: the `net` settings object is the run's (the engine hands the same one to
// every check), and an entry lives no longer than a run can last, so a later run probes afresh.
const shared = new WeakMap<object, Map<string, { at: number; probe: Promise<TlsOriginProbe> }>>();

/** probeTlsOrigin, shared by the checks of one run (keyed by the run's `net` settings object). */
export function probeTlsOriginShared(origin: string, settings: TlsProbeSettings): Promise<TlsOriginProbe> {
  let runCache = shared.get(settings);
  if (!runCache) shared.set(settings, (runCache = new Map()));
  const key = new URL(origin).origin;
  const hit = runCache.get(key);
  const maxAge = 2 * settings.timeoutMs + 1000;
  if (hit && performance.now() - hit.at < maxAge) return hit.probe;
  const probe = probeTlsOrigin(key, settings);
  runCache.set(key, { at: performance.now(), probe });
  return probe;
}
