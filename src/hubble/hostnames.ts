import { isIP } from 'node:net';

/**
 * Host-name facts for partner URLs: whether Hubble's servers, out on the public internet, could
 * ever reach a host. Pure functions of the name; nothing here resolves DNS.
 */

/** What an IP address is for. Only `public` is reachable from Hubble's servers. */
export type IpRange =
  | 'loopback'
  | 'private'
  | 'link-local'
  | 'unspecified'
  | 'shared'
  | 'documentation'
  | 'benchmarking'
  | 'multicast'
  | 'reserved'
  | 'public';

export interface IpInfo {
  version: 4 | 6;
  /** The address without brackets or zone. */
  address: string;
  range: IpRange;
}

/** Why Hubble could not reach a host, or `public`. */
export type PartnerHostClass =
  | { kind: 'ip'; ip: IpInfo }
  | { kind: 'localhost' }
  /** A suffix no public DNS serves (RFC 6761/6762/8375, ICANN's .internal, common private names). */
  | { kind: 'reserved-name'; suffix: string; reason: string }
  /** No dot at all: only a local resolver's search list can complete it. */
  | { kind: 'single-label' }
  /** A documentation domain (RFC 2606) or the example host of Hubble's docs. */
  | { kind: 'example-domain'; domain: string }
  | { kind: 'public' };

const V4_RANGES: [string, number, IpRange][] = [
  ['0.0.0.0', 8, 'unspecified'],
  ['10.0.0.0', 8, 'private'],
  ['100.64.0.0', 10, 'shared'],
  ['127.0.0.0', 8, 'loopback'],
  ['169.254.0.0', 16, 'link-local'],
  ['172.16.0.0', 12, 'private'],
  ['192.0.0.0', 24, 'reserved'],
  ['192.0.2.0', 24, 'documentation'],
  ['192.168.0.0', 16, 'private'],
  ['198.18.0.0', 15, 'benchmarking'],
  ['198.51.100.0', 24, 'documentation'],
  ['203.0.113.0', 24, 'documentation'],
  ['224.0.0.0', 4, 'multicast'],
  ['240.0.0.0', 4, 'reserved'],
];

const V6_RANGES: [string, number, IpRange][] = [
  ['::', 128, 'unspecified'],
  ['::1', 128, 'loopback'],
  ['100::', 64, 'reserved'],
  ['2001:db8::', 32, 'documentation'],
  ['fc00::', 7, 'private'],
  ['fe80::', 10, 'link-local'],
  ['fec0::', 10, 'private'],
  ['ff00::', 8, 'multicast'],
];

/** Lower case, without brackets around IPv6 and without the trailing dot of a fully qualified name. */
export function normalizeHost(hostname: string): string {
  return hostname.toLowerCase().replace(/^\[(.*)\]$/, '$1').replace(/\.$/, '');
}

/** The IP address a host name spells, with its range; undefined for a DNS name. */
export function parseIp(hostname: string): IpInfo | undefined {
  const address = normalizeHost(hostname).replace(/%.*$/, '');
  const version = isIP(address);
  if (version === 4) return { version: 4, address, range: ipv4Range(ipv4ToNumber(address)) };
  if (version === 6) {
    const value = ipv6ToBigInt(address);
    // IPv4-mapped (::ffff:a.b.c.d): the IPv4 address is what gets reached.
    if (value >> 32n === 0xffffn) return { version: 6, address, range: ipv4Range(Number(value & 0xffffffffn)) };
    return { version: 6, address, range: ipv6Range(value) };
  }
  return undefined;
}

const RESERVED_SUFFIXES: [string, string][] = [
  ['localhost', 'always the machine itself (RFC 6761)'],
  ['local', 'multicast DNS, only on the local network (RFC 6762)'],
  ['internal', 'reserved for private networks, never delegated in public DNS'],
  ['test', 'reserved for testing, never delegated in public DNS (RFC 6761)'],
  ['example', 'reserved for documentation, never delegated in public DNS (RFC 6761)'],
  ['invalid', 'reserved to be invalid, never delegated in public DNS (RFC 6761)'],
  ['home.arpa', 'reserved for home networks (RFC 8375)'],
  ['localdomain', 'a local resolver convention, not in public DNS'],
  ['lan', 'a private-network convention, not in public DNS'],
  ['home', 'a private-network convention, not in public DNS'],
  ['corp', 'a private-network convention, not in public DNS'],
  ['intranet', 'a private-network convention, not in public DNS'],
  ['private', 'a private-network convention, not in public DNS'],
  ['onion', 'a Tor onion service, not in public DNS (RFC 7686)'],
];

/** RFC 2606 documentation domains, and the example partner host of Hubble's docs and `init`. */
const EXAMPLE_DOMAINS = ['example.com', 'example.net', 'example.org', 'yourapp.com'];

/** Whether (and why not) Hubble's servers could reach `hostname` over the public internet. */
export function classifyPartnerHost(hostname: string): PartnerHostClass {
  const ip = parseIp(hostname);
  if (ip) return { kind: 'ip', ip };
  const host = normalizeHost(hostname);
  if (host === 'localhost' || host.endsWith('.localhost') || host === 'localhost.localdomain') return { kind: 'localhost' };
  for (const [suffix, reason] of RESERVED_SUFFIXES) {
    if (host === suffix || host.endsWith(`.${suffix}`)) return { kind: 'reserved-name', suffix: `.${suffix}`, reason };
  }
  if (!host.includes('.')) return { kind: 'single-label' };
  const domain = EXAMPLE_DOMAINS.find((d) => host === d || host.endsWith(`.${d}`));
  if (domain) return { kind: 'example-domain', domain };
  return { kind: 'public' };
}

/** Words that mark a non-production deployment when they make up a label or a hyphenated part of one. */
const STAGING_WORDS = new Set([
  'staging', 'stage', 'stg', 'dev', 'develop', 'development', 'sandbox', 'uat', 'test', 'testing', 'qa', 'preprod', 'nonprod',
]);

/**
 * Staging-looking words in a URL: whole labels or hyphen/underscore parts of labels left of the
 * registrable domain (`staging-api.yourapp.com` -> staging; `devtools.com` is left alone), and
 * path segments (`/staging/hubble`). A trailing number is ignored (`dev2`).
 */
export function stagingLabels(url: URL): string[] {
  const labels = normalizeHost(url.hostname).split('.').slice(0, -2);
  const segments = url.pathname.split('/').filter(Boolean);
  const found = new Set<string>();
  for (const part of [...labels, ...segments]) {
    for (const word of part.toLowerCase().split(/[-_]/)) {
      const bare = word.replace(/\d+$/, '');
      if (STAGING_WORDS.has(bare)) found.add(bare);
    }
  }
  return [...found];
}

function ipv4ToNumber(address: string): number {
  return address.split('.').reduce((n, part) => n * 256 + Number(part), 0);
}

function ipv4Range(value: number): IpRange {
  if (value === 0xffffffff) return 'reserved';
  for (const [base, bits, range] of V4_RANGES) {
    const size = 2 ** (32 - bits);
    const start = ipv4ToNumber(base);
    if (value >= start && value < start + size) return range;
  }
  return 'public';
}

/** A valid IPv6 address (as `isIP` accepts it, zone removed) as a 128-bit number. */
function ipv6ToBigInt(address: string): bigint {
  let text = address;
  // An embedded dotted IPv4 tail becomes two hex groups.
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (dotted) {
    const v4 = ipv4ToNumber(dotted[1]!);
    text = `${text.slice(0, dotted.index)}${(v4 >>> 16).toString(16)}:${(v4 & 0xffff).toString(16)}`;
  }
  const [head = '', tail] = text.split('::');
  const headGroups = head ? head.split(':') : [];
  const tailGroups = tail ? tail.split(':') : [];
  const zeros = tail === undefined ? [] : Array<string>(8 - headGroups.length - tailGroups.length).fill('0');
  return [...headGroups, ...zeros, ...tailGroups].reduce((n, g) => (n << 16n) | BigInt(parseInt(g, 16)), 0n);
}

function ipv6Range(value: bigint): IpRange {
  for (const [base, bits, range] of V6_RANGES) {
    const shift = BigInt(128 - bits);
    if (value >> shift === ipv6ToBigInt(base) >> shift) return range;
  }
  return 'public';
}

/** "a loopback address" etc., for messages. */
export function describeIpRange(range: IpRange): string {
  const words: Record<IpRange, string> = {
    loopback: 'a loopback address (the machine itself)',
    private: 'a private network address',
    'link-local': 'a link-local address',
    unspecified: 'the unspecified address',
    shared: 'a carrier-grade NAT address (100.64.0.0/10)',
    documentation: 'a documentation address',
    benchmarking: 'a benchmarking address (198.18.0.0/15)',
    multicast: 'a multicast address',
    reserved: 'a reserved address',
    public: 'a public address',
  };
  return words[range];
}
