import { resolve as resolvePath } from 'node:path';
import { builtinChecks } from '../../checks/index.js';
import type { RunOptions } from '../engine/check.js';
import { configSecrets, createRedactor, redactReport } from '../engine/redact.js';
import { buildReport, type Report } from '../engine/report.js';
import { runChecks } from '../engine/run.js';
import { MIN_SECRET_LENGTH, Secret } from '../engine/secret.js';
import { matchesId, selectChecks } from '../engine/select.js';
import { suggestion } from '../config/suggest.js';
import type { ResolvedConfig } from '../config/types.js';
import { ConfigError } from '../errors.js';
import { parseSdkUrl } from '../hubble/sdk-url.js';
import { applyPolicy, exitCodeFor } from '../engine/verdict.js';
import { createHttpClient } from '../net/http.js';
import { parseResolve } from '../net/resolve.js';
import { buildTrustStore } from '../net/trust.js';
import { reporters } from '../reporters/index.js';
import { loadEnvironment } from './context.js';
import type { CheckCliOptions, ReportCliOptions } from './options.js';
import { assertWritableTarget, startSpinner, useColor, writeFileAtomic } from './output.js';
import { loadPlugins } from './plugins.js';

/** `check`: load, select, run, apply policy, report. Returns the exit code. */
export async function runCheckCommand(opts: CheckCliOptions): Promise<number> {
  const { report, redact } = await produceReport(opts);
  return emitReport(report, redact, opts);
}

/** Renders the report in the chosen format to stdout or --output (whole or not at all); returns the exit code. */
export function emitReport(report: Report, redact: (text: string) => string, opts: ReportCliOptions): number {
  const text = redact(reporters[opts.format](report, { color: !opts.output && useColor(process.stdout), verbose: !!opts.verbose }));
  if (opts.output) {
    writeFileAtomic(opts.output, text);
    process.stderr.write(`${report.summary.pass} passed, ${report.summary.warn} warned, ${report.summary.fail} failed; ${opts.format} report written to ${opts.output}\n`);
  } else {
    process.stdout.write(text);
  }
  const code = exitCodeFor(report.summary);
  if (code === 2) {
    process.stderr.write('hubble-golive: nothing was checked: every selected check was skipped (the report gives each reason); exit code 2\n');
  }
  return code;
}

/** Everything of `check` but the rendering; used by `demo` too. */
export async function produceReport(opts: CheckCliOptions): Promise<{ report: Report; redact: (t: string) => string; config: ResolvedConfig }> {
  if (opts.output) assertWritableTarget(opts.output);
  const resolveRules = opts.resolve.map(parseResolve);
  const ca = buildTrustStore(opts.ca.map((f) => resolvePath(f)));
  const { config, env } = loadEnvironment(opts);
  const all = [...builtinChecks, ...(await loadPlugins(config, builtinChecks))];
  const checks = selectChecks(all, opts.only, opts.skip);
  for (const [i, w] of config.waivers.entries()) {
    if (!all.some((c) => matchesId(w.check, c.id))) {
      throw new ConfigError(`${config.path}:${w.line} waivers.${i}.check: no check "${w.check}"${suggestion(w.check, all.map((c) => c.id))}`);
    }
  }

  const options: RunOptions = {
    offline: !!opts.offline,
    timeoutMs: opts.timeout,
    concurrency: opts.concurrency,
    allowMutations: !!opts.allowMutations,
    strict: !!opts.strict,
    sdkUrl: opts.sdkUrl,
    ssoToken: opts.ssoToken,
    sourceDirs: opts.source.map((d) => resolvePath(d)),
    unavailable: opts.unavailable,
  };
  const http = createHttpClient({ timeoutMs: opts.timeout, resolve: resolveRules, ca, concurrency: opts.concurrency });

  const spinner = await startSpinner(`Running ${checks.length} checks on ${env.name}…`);
  const startedAt = new Date();
  const t0 = performance.now();
  let results;
  try {
    results = await runChecks({
      config,
      envName: env.name,
      checks,
      options,
      http,
      net: { timeoutMs: opts.timeout, resolve: resolveRules, ca },
      onResult: (r, done, total) => {
        if (spinner) spinner.text = `Running checks on ${env.name}… ${done}/${total} (${r.id} ${r.status})`;
      },
    });
  } finally {
    spinner?.stop();
  }
  const waivers = config.waivers.filter((w) => w.env === undefined || w.env === env.name);
  const policed = applyPolicy(results, { tier: env.tier, strict: options.strict, waivers });
  const report = buildReport({ config, env: env.name, startedAt, durationMs: Math.round(performance.now() - t0), results: policed });
  // Secrets given on the command line too: the SSO token, and the app secret and token of --sdk-url.
  const sdkUrl = opts.sdkUrl ? parseSdkUrl(opts.sdkUrl) : undefined;
  const cliSecrets = [opts.ssoToken, sdkUrl?.appSecret, sdkUrl?.token].filter((v): v is string => !!v);
  const secrets = [...configSecrets(config), ...cliSecrets.map((v) => new Secret(v))];
  // Report data is redacted before any reporter escapes it (an escaped secret would slip past a
  // search of the rendered text); the rendered text gets a last pass for long values only
  // (MIN_SECRET_LENGTH), so that no secret can blank out the tool's own words (env, tier, status).
  return { report: redactReport(report, createRedactor(secrets)), redact: createRedactor(secrets, MIN_SECRET_LENGTH), config };
}
