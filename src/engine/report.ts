import type { ResolvedConfig, Tier } from '../config/types.js';
import type { CheckResult, Status } from './check.js';
import { overallStatus, summarize, type Summary } from './verdict.js';

declare const __VERSION__: string;
export const TOOL = { name: 'hubble-golive', version: typeof __VERSION__ === 'string' ? __VERSION__ : '0.0.0-dev' };

/** The report every format renders; its JSON form is described by schema/report.schema.json. */
export interface Report {
  schemaVersion: 1;
  tool: { name: string; version: string };
  env: string;
  tier: Tier;
  /** Path of the config file used. */
  config: string;
  startedAt: string;
  durationMs: number;
  status: Status;
  summary: Summary;
  checks: CheckResult[];
}

export function buildReport(args: {
  config: ResolvedConfig;
  env: string;
  startedAt: Date;
  durationMs: number;
  results: CheckResult[];
}): Report {
  const summary = summarize(args.results);
  return {
    schemaVersion: 1,
    tool: TOOL,
    env: args.env,
    tier: args.config.environments[args.env]!.tier,
    config: args.config.path,
    startedAt: args.startedAt.toISOString(),
    durationMs: args.durationMs,
    status: overallStatus(summary),
    summary,
    checks: args.results,
  };
}
