import { isIP } from 'node:net';
import { UsageError } from '../errors.js';

/** One `--resolve HOST:PORT:ADDR` rule, as curl's: connect to ADDR when HOST:PORT is asked for. */
export interface ResolveRule {
  host: string;
  port: number;
  address: string;
}

export function parseResolve(spec: string): ResolveRule {
  const m = /^([^:\s]+):(\d{1,5}):(\[[0-9a-fA-F:.]+\]|[^\s]+)$/.exec(spec);
  const address = m?.[3]?.replace(/^\[(.*)\]$/, '$1');
  const port = Number(m?.[2]);
  if (!m || !address || !isIP(address) || port < 1 || port > 65535) {
    throw new UsageError(`--resolve ${spec}: expected HOST:PORT:ADDRESS, e.g. api.yourapp.com:443:127.0.0.1`);
  }
  return { host: m[1]!.toLowerCase(), port, address };
}

/** The address a HOST:PORT is pinned to by --resolve, if any. */
export function pinnedAddress(rules: readonly ResolveRule[], host: string, port: number): string | undefined {
  const h = host.toLowerCase().replace(/^\[(.*)\]$/, '$1');
  return rules.find((r) => r.host === h && r.port === port)?.address;
}
