import { once } from 'node:events';
import { createServer, type ServerOptions } from 'node:https';
import { isIP, type AddressInfo, type Socket } from 'node:net';
import { UsageError } from '../errors.js';
import { createCa } from './certs.js';
import { generateCredentials, type SandboxCredentials } from './credentials.js';
import { NO_FAULTS, parseFaults, type Faults } from './faults.js';
import { createPartner, type Partner, type RequestRecord } from './partner.js';
import { TEST_USERS, type TestUser } from './users.js';

/**
 * The public-looking name the sandbox's certificate carries and `demo` maps to loopback with
 * --resolve, so the production rules of urls.partner apply unchanged: a real TLD (not the
 * reserved .example/.test/.invalid), no localhost, no IP literal, no staging-looking label.
 */
export const SANDBOX_HOSTNAME = 'api.golive-demo-partner.com';
/** integrationBaseUrl's path; the webhook receiver is at `${BASE_PATH}/webhook`. */
export const BASE_PATH = '/hubble';

export interface SandboxOptions {
  /** Default 0: an ephemeral port. */
  port?: number;
  /** Address to listen on; default 127.0.0.1. */
  host?: string;
  /** The `--faults` list (`legacy-tls,slow=300`) or parsed faults; default none. */
  faults?: string | Faults;
  /** Default: fresh random credentials. */
  credentials?: SandboxCredentials;
  /** Called after each request is answered (or left hanging). */
  onRequest?(record: RequestRecord): void;
}

export interface Sandbox {
  /** integrationBaseUrl under the public-looking name: `https://api.golive-demo-partner.com:PORT/hubble`. */
  url: string;
  /** webhookUrl under the public-looking name. */
  webhookUrl: string;
  /** `https://api.golive-demo-partner.com:PORT`. */
  origin: string;
  /** The same server by its address: `https://127.0.0.1:PORT` (the certificate names it too). */
  loopbackOrigin: string;
  hostname: string;
  /** The address to reach the server at (loopback when it listens on every interface). */
  address: string;
  port: number;
  /** `--resolve` value that maps the public name to the server: `HOST:PORT:ADDRESS`. */
  resolveRule: string;
  /** The CA certificate (PEM) to trust: `--ca`. */
  ca: string;
  faults: Faults;
  credentials: SandboxCredentials;
  /** A user that exists, holds coins, and has a valid SSO token. */
  testUserId: string;
  testToken: string;
  users: readonly TestUser[];
  /** Inspection hooks: the ledger, the webhook inbox, every request seen, and the token issuer. */
  ledger: Partner['ledger'];
  webhooks: Partner['webhooks'];
  requests: Partner['requests'];
  issueToken: Partner['issueToken'];
  /** Stops listening and drops every open connection, hung ones included. Safe to call twice. */
  close(): Promise<void>;
}

const DAY = 86_400_000;

/** Starts the sandbox partner over https with a CA and leaf certificate made in memory. */
export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const faults = typeof options.faults === 'string' ? parseFaults(options.faults) : (options.faults ?? NO_FAULTS);
  const host = options.host ?? '127.0.0.1';
  const credentials = options.credentials ?? generateCredentials();
  const partner = createPartner({ basePath: BASE_PATH, credentials, faults, users: TEST_USERS, onRequest: options.onRequest });

  const ca = await createCa('hubble-golive sandbox CA');
  const expired = faults.on.has('expired-cert');
  const leaf = await ca.issue({
    hosts: [...new Set([SANDBOX_HOSTNAME, 'localhost', '127.0.0.1', '::1', host.replace(/^\[(.*)\]$/, '$1')])],
    ...(expired ? { notBefore: new Date(Date.now() - 30 * DAY), notAfter: new Date(Date.now() - DAY) } : {}),
  });

  const server = createServer({ cert: leaf.certPem, key: leaf.keyPem, ...tlsVersions(faults) }, partner.handle);
  // Bound the time a client may take to send a request; answers are the handlers' business.
  server.headersTimeout = 10_000;
  server.requestTimeout = 30_000;
  const sockets = new Set<Socket>();
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  // A failed handshake (a TLS 1.0 probe against the default server) is the client's problem.
  server.on('tlsClientError', () => {});

  await listen(server, options.port ?? 0, host);
  const { address: bound, port } = server.address() as AddressInfo;
  // Listening on every interface (0.0.0.0, ::): reach it through loopback.
  const address = bound === '0.0.0.0' ? '127.0.0.1' : bound === '::' ? '::1' : bound;
  const origin = `https://${SANDBOX_HOSTNAME}:${port}`;
  const hostForUrl = isIP(address) === 6 ? `[${address}]` : address;

  let closing: Promise<void> | undefined;
  return {
    url: `${origin}${BASE_PATH}`,
    webhookUrl: `${origin}${BASE_PATH}/webhook`,
    origin,
    loopbackOrigin: `https://${hostForUrl}:${port}`,
    hostname: SANDBOX_HOSTNAME,
    address,
    port,
    resolveRule: `${SANDBOX_HOSTNAME}:${port}:${hostForUrl}`,
    ca: ca.certPem,
    faults,
    credentials,
    testUserId: TEST_USERS[0]!.userId,
    testToken: partner.issueToken(TEST_USERS[0]!.userId),
    users: TEST_USERS,
    ledger: partner.ledger,
    webhooks: partner.webhooks,
    requests: partner.requests,
    issueToken: partner.issueToken,
    close() {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      });
      return closing;
    },
  };
}

/** Protocol versions and ciphers: TLS 1.2+ by default; the TLS faults open up legacy versions. */
function tlsVersions(faults: Faults): Pick<ServerOptions, 'minVersion' | 'maxVersion' | 'ciphers'> {
  // OpenSSL 3 refuses TLS 1.0/1.1 ciphers at the default security level, on both ends.
  if (faults.on.has('tls11-only')) return { minVersion: 'TLSv1.1', maxVersion: 'TLSv1.1', ciphers: 'DEFAULT@SECLEVEL=0' };
  if (faults.on.has('legacy-tls')) return { minVersion: 'TLSv1', ciphers: 'DEFAULT@SECLEVEL=0' };
  return { minVersion: 'TLSv1.2' };
}

async function listen(server: ReturnType<typeof createServer>, port: number, host: string): Promise<void> {
  server.listen(port, host);
  try {
    await once(server, 'listening');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why: Record<string, string> = {
      EADDRINUSE: 'the port is in use; pick another with --port, or --port 0 for any free one',
      EACCES: 'not allowed to listen there (ports below 1024 need privileges)',
      EADDRNOTAVAIL: 'that address is not on this machine',
      ENOTFOUND: 'that host name does not resolve',
    };
    throw new UsageError(`cannot listen on ${host}:${port}: ${why[code ?? ''] ?? code ?? String(err)}`);
  }
}
