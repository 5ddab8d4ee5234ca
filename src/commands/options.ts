import { InvalidArgumentError, Option, type Command } from 'commander';
import { FORMAT_NAMES } from '../reporters/formats.js';

/** Parses a positive whole number for options such as --timeout. */
export function positiveInt(name: string, max = Number.MAX_SAFE_INTEGER) {
  return (value: string): number => {
    const n = Number(value);
    if (!/^\d+$/.test(value) || n < 1 || n > max) throw new InvalidArgumentError(`${name} takes a whole number from 1 to ${max}.`);
    return n;
  };
}

/**
 * Probes in flight at once. A full default check makes about 26, so 32 sends them in one wave
 * (wall time close to the slowest probe; docs/PERFORMANCE.md) while staying a light load.
 */
export const DEFAULT_CONCURRENCY = 32;

/** Collects a repeatable option's values. */
export const collect = (value: string, previous: string[] = []) => [...previous, value];

/** How to reach the partner: shared by every command that makes network requests. */
export function addNetOptions(cmd: Command): Command {
  return cmd
    .option('--timeout <ms>', 'deadline of one network probe', positiveInt('--timeout', 600_000), 10_000)
    .option('--resolve <host:port:addr>', 'connect to ADDR for HOST:PORT, as curl does (repeatable)', collect, [])
    .option('--ca <file>', 'also trust this CA certificate (PEM; repeatable; NODE_EXTRA_CA_CERTS is honoured too)', collect, []);
}

/** The network options as parsed. */
export interface NetCliOptions {
  timeout: number;
  resolve: string[];
  ca: string[];
}

/** Options shared by every command that reads the config file. */
export function addConfigOptions(cmd: Command): Command {
  return cmd
    .option('--config <path>', 'config file (default: $HUBBLE_CONFIG or ./hubble.config.yaml)')
    .option('--env-file <file>', 'read ${VAR}s from a .env file too (variables already set win)');
}

/** What to run and how to report it: shared by `check` and `demo`. */
export function addReportOptions(cmd: Command): Command {
  return cmd
    .addOption(new Option('--format <format>', 'report format').choices(FORMAT_NAMES).default('pretty'))
    .option('--output <file>', 'write the report to a file instead of stdout')
    .option('--only <ids>', 'run only these checks: comma list of ids or prefixes (tls selects tls.*)')
    .option('--skip <ids>', 'leave out these checks: comma list of ids or prefixes')
    .option('--strict', 'count warnings as failures')
    .option('--verbose', 'show the findings of passing checks too');
}

/** The options of `check`. */
export function addCheckOptions(cmd: Command): Command {
  return addNetOptions(addReportOptions(cmd).option('--offline', 'run no network check (they are reported as skipped)'))
    .option('--concurrency <n>', 'network probes in flight at once', positiveInt('--concurrency', 256), DEFAULT_CONCURRENCY)
    .option('--allow-mutations', 'let probes change partner state: signed webhooks, /debit and /reverse on testUserId')
    .option('--source <dir>', 'directory for source.scan (repeatable)', collect, [])
    .option('--sdk-url <url>', 'an SDK URL copied from the app, for sdk.url to check')
    .option('--sso-token <token>', 'a real SSO token for sso.contract to check the success shape');
}

/** The report options as parsed. */
export interface ReportCliOptions {
  format: (typeof FORMAT_NAMES)[number];
  output?: string;
  only?: string;
  skip?: string;
  strict?: boolean;
  verbose?: boolean;
}

export interface CheckCliOptions extends ReportCliOptions, NetCliOptions {
  env: string;
  config?: string;
  envFile?: string;
  offline?: boolean;
  concurrency: number;
  allowMutations?: boolean;
  source: string[];
  sdkUrl?: string;
  ssoToken?: string;
  /** Not a flag: checks that cannot run in this setting, with the reason (see RunOptions). */
  unavailable?: Readonly<Record<string, string>>;
}
