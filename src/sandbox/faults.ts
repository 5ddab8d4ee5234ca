import { suggestion } from '../config/suggest.js';
import { UsageError } from '../errors.js';

/** The partner routes the sandbox serves, by the name `missing-route=NAME` takes. */
export const ROUTES = ['sso', 'balance', 'debit', 'reverse', 'webhook'] as const;
export type RouteName = (typeof ROUTES)[number];

/**
 * Known integration mistakes the sandbox can make on purpose, so that each check can be seen
 * failing. `catches` names the check that must notice it.
 */
export const FAULTS = {
  'legacy-tls': { summary: 'also accepts TLS 1.0 and 1.1 (with weak ciphers)', catches: 'tls.protocol' },
  'tls11-only': { summary: 'speaks only TLS 1.1: no TLS 1.2 or 1.3, so Hubble cannot connect', catches: 'tls.protocol' },
  'expired-cert': { summary: 'serves a certificate that expired yesterday', catches: 'tls.certificate' },
  'any-secret': { summary: 'accepts any X-Hubble-Secret value (checks only that the header is there)', catches: 'auth.hubble-secret' },
  'staging-secret': { summary: "accepts the staging environment's X-Hubble-Secret and webhook signatures too", catches: 'auth.hubble-secret, webhook.signature' },
  'unsigned-webhooks': { summary: 'accepts webhooks without checking X-Verify', catches: 'webhook.signature' },
  'mock-sso': { summary: 'mock SSO left on: /sso answers 200 with a userId for mock-token and any other token', catches: 'sso.contract' },
  'debit-not-idempotent': { summary: '/debit debits again when a referenceId is repeated', catches: 'coins.contract' },
  slow: { summary: 'answers every request after a delay (slow=MS, default 2500)', catches: 'network.reachability' },
  hang: { summary: 'accepts requests and never answers', catches: 'network.reachability' },
  'missing-route': { summary: 'one route answers 404 (missing-route=ROUTE, default reverse)', catches: 'network.reachability' },
} as const satisfies Record<string, { summary: string; catches: string }>;

export type FaultName = keyof typeof FAULTS;
export const FAULT_NAMES = Object.keys(FAULTS) as FaultName[];

/** The faults a sandbox runs with. */
export interface Faults {
  /** The faults switched on, in the order given. */
  on: ReadonlySet<FaultName>;
  /** Delay of every answer when `slow` is on. */
  slowMs: number;
  /** The route that answers 404 when `missing-route` is on. */
  missingRoute: RouteName;
}

export const DEFAULT_SLOW_MS = 2500;
export const NO_FAULTS: Faults = { on: new Set(), slowMs: DEFAULT_SLOW_MS, missingRoute: 'reverse' };

/**
 * Parses `--faults`: a comma list of fault names, `slow` and `missing-route` taking an optional
 * `=VALUE` (`slow=300,missing-route=debit`). Anything unknown is a UsageError naming it.
 */
export function parseFaults(list: string | undefined, flag = '--faults'): Faults {
  const on = new Set<FaultName>();
  let slowMs = DEFAULT_SLOW_MS;
  let missingRoute: RouteName = 'reverse';
  for (const item of (list ?? '').split(',').map((s) => s.trim()).filter(Boolean)) {
    const [rawName = '', value] = item.split('=', 2) as [string, string | undefined];
    const name = rawName.toLowerCase();
    if (!isFaultName(name)) {
      throw new UsageError(`${flag} ${rawName}: unknown fault${suggestion(rawName, FAULT_NAMES)}; known faults: ${FAULT_NAMES.join(', ')}`);
    }
    if (value !== undefined) {
      if (name === 'slow') slowMs = parseDelay(value, flag);
      else if (name === 'missing-route') missingRoute = parseRoute(value, flag);
      else throw new UsageError(`${flag} ${item}: ${name} takes no value`);
    }
    on.add(name);
  }
  return { on, slowMs, missingRoute };
}

/** `legacy-tls, slow=1500` for a banner; `none` when nothing is on. */
export function describeFaults(faults: Faults): string {
  if (faults.on.size === 0) return 'none';
  return [...faults.on]
    .map((f) => (f === 'slow' ? `slow=${faults.slowMs}` : f === 'missing-route' ? `missing-route=${faults.missingRoute}` : f))
    .join(', ');
}

/** The fault list for `--help`: one line each, with the check that catches it. */
export function faultHelp(indent = '  '): string {
  const width = Math.max(...FAULT_NAMES.map((n) => n.length));
  return FAULT_NAMES.map((n) => `${indent}${n.padEnd(width)}  ${FAULTS[n].summary} [${FAULTS[n].catches}]`).join('\n');
}

function isFaultName(name: string): name is FaultName {
  return Object.hasOwn(FAULTS, name);
}

function parseDelay(value: string, flag: string): number {
  const ms = Number(value);
  if (!/^\d+$/.test(value) || ms < 1 || ms > 600_000) {
    throw new UsageError(`${flag} slow=${value}: expected a delay in milliseconds from 1 to 600000, e.g. slow=1500`);
  }
  return ms;
}

function parseRoute(value: string, flag: string): RouteName {
  const route = value.replace(/^\/+/, '').toLowerCase();
  if (!(ROUTES as readonly string[]).includes(route)) {
    throw new UsageError(`${flag} missing-route=${value}: unknown route${suggestion(route, ROUTES)}; routes: ${ROUTES.join(', ')}`);
  }
  return route as RouteName;
}
