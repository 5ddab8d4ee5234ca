import type { ResolvedConfig, ResolvedEnvironment, Tier } from '../config/types.js';
import type { HttpClient } from '../net/http.js';
import type { ResolveRule } from '../net/resolve.js';

/** A check's or a finding's verdict. `error` means the check could not decide; never the partner's fault. */
export type Status = 'pass' | 'warn' | 'fail' | 'skip' | 'error';

export interface Finding {
  status: Status;
  /** What was observed and what was expected, naming the thing. */
  message: string;
  /** The URL, origin or config key the finding is about. */
  target?: string;
  /** Plain data backing the finding. Never a secret value: use Secret#fingerprint or #masked. */
  evidence?: Record<string, unknown>;
  /** How to fix it. */
  fix?: string;
  /** Tier policy: on a staging environment this finding's `fail` counts as `warn` (applied after the run). */
  relaxOnStaging?: boolean;
}

export interface CheckResult {
  id: string;
  title: string;
  status: Status;
  durationMs: number;
  findings: Finding[];
}

/** Options of a run that checks may read. */
export interface RunOptions {
  offline: boolean;
  timeoutMs: number;
  concurrency: number;
  allowMutations: boolean;
  strict: boolean;
  /** An SDK URL copied from the app (`--sdk-url`), checked by sdk.url. */
  sdkUrl?: string;
  /** A real SSO token for sso.contract (`--sso-token`). */
  ssoToken?: string;
  /** Extra directories for source.scan (`--source`). */
  sourceDirs: string[];
  /** Checks that cannot run in this setting, by id, with the reason (e.g. the demo has no internet). */
  unavailable?: Readonly<Record<string, string>>;
}

export interface NetSettings {
  /** --timeout: deadline of one probe. */
  timeoutMs: number;
  /** --resolve rules. */
  resolve: readonly ResolveRule[];
  /** CA list to pass as `ca:` (Node's roots + NODE_EXTRA_CA_CERTS + --ca), or undefined for Node's default store. */
  ca?: string[];
}

/** What a check gets: the environment under test, the whole config, and the network tools. */
export interface CheckContext {
  envName: string;
  env: ResolvedEnvironment;
  tier: Tier;
  config: ResolvedConfig;
  /** The other environments of the config, for comparisons (isolation, staging secrets). */
  others: ResolvedEnvironment[];
  options: RunOptions;
  http: HttpClient;
  /** Connection settings every probe must honour, TLS probes included (the HTTP client already does). */
  net: NetSettings;
  /** Aborted when the check's deadline passes. */
  signal: AbortSignal;
}

export interface CheckDefinition {
  /** Stable public id, `area.name`. */
  id: string;
  title: string;
  /** Whether it talks to the network (skipped under --offline). */
  network: boolean;
  /** Whether it can change partner state (only ever with --allow-mutations). */
  mutates?: boolean;
  /** For `explain`: what it verifies, why it matters, and how to fix each failure. */
  explain: { verifies: string; why: string; fixes: string[] };
  /** A reason to skip in this context, or undefined when the check applies. */
  skipReason?(ctx: CheckContext): string | undefined;
  run(ctx: CheckContext): Promise<Finding[]> | Finding[];
}

/** Typed identity: gives checks (built-in and plugins) one shape and one place to validate it. */
export function defineCheck(def: CheckDefinition): CheckDefinition {
  if (!/^[a-z][a-z0-9-]*\.[a-z][a-z0-9-]*$/.test(def.id)) {
    throw new TypeError(`check id "${def.id}" must look like area.name (lower case)`);
  }
  return def;
}

type FindingExtra = Omit<Finding, 'status' | 'message'>;

export const pass = (message: string, extra: FindingExtra = {}): Finding => ({ status: 'pass', message, ...extra });
export const warn = (message: string, extra: FindingExtra = {}): Finding => ({ status: 'warn', message, ...extra });
export const fail = (message: string, extra: FindingExtra = {}): Finding => ({ status: 'fail', message, ...extra });
export const skip = (message: string, extra: FindingExtra = {}): Finding => ({ status: 'skip', message, ...extra });

const severity: Record<Status, number> = { skip: 0, pass: 1, warn: 2, error: 3, fail: 4 };

/** The worst status: fail, else error, else warn, else pass; skip only when everything skipped. */
export function worstStatus(statuses: Iterable<Status>): Status {
  let worst: Status = 'skip';
  for (const s of statuses) if (severity[s] > severity[worst]) worst = s;
  return worst;
}
