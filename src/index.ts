/** Public API, for custom checks (config `plugins`) and programmatic use. */
export { defineCheck, pass, warn, fail, skip, worstStatus } from './engine/check.js';
export type { CheckContext, CheckDefinition, CheckResult, Finding, RunOptions, Status } from './engine/check.js';
export { Secret } from './engine/secret.js';
export { loadConfig, parseConfig } from './config/load.js';
export type { ResolvedConfig, ResolvedEnvironment, Tier } from './config/types.js';
export { runChecks } from './engine/run.js';
export { applyPolicy, exitCodeFor, summarize } from './engine/verdict.js';
export type { Report } from './engine/report.js';
