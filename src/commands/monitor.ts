import { InvalidArgumentError, Option, type Command } from 'commander';
import { parseDuration, parseTimestamp } from '../monitor/time.js';
import { FORMAT_NAMES } from '../reporters/formats.js';
import { addConfigOptions } from './options.js';

export interface MonitorCliOptions {
  events: string;
  webhooks?: string;
  sso?: string;
  vouchers?: string;
  /** Milliseconds; undefined: monitor.window of the config, else 1h. */
  window?: number;
  /** Epoch ms. */
  since?: number;
  until?: number;
  config?: string;
  envFile?: string;
  format: (typeof FORMAT_NAMES)[number];
  output?: string;
  strict?: boolean;
  verbose?: boolean;
}

const duration = (value: string): number => {
  const ms = parseDuration(value);
  if (ms === undefined) throw new InvalidArgumentError('expected a whole number and s, m, h or d, such as 15m, 1h or 1d.');
  return ms;
};

const instant = (value: string): number => {
  try {
    return parseTimestamp(value);
  } catch (err) {
    throw new InvalidArgumentError(`${(err as Error).message.replace(/^timestamp /, '')}.`);
  }
};

export function registerMonitor(program: Command): void {
  const cmd = program
    .command('monitor')
    .summary('post-launch metrics and alerts from exported SDK events and delivery logs')
    .description(
      'Reads exported SDK events (and, when given, webhook delivery, SSO and voucher logs) and computes the metrics of\n' +
        "Hubble's go-live page over the whole range and per time window: payment success rate, webhook delivery success\n" +
        'rate, SSO error rate and voucher generation failure rate. Raises the recommended alerts (payment success below\n' +
        '90%, webhook failures, an SSO error spike, voucher failures rising) with thresholds from the monitor: section of\n' +
        'the config file (optional). Files are streamed: any size, gzip or not; "-" reads stdin.',
    )
    .requiredOption('--events <file>', 'exported SDK events, NDJSON')
    .option('--webhooks <file>', 'webhook delivery log, NDJSON')
    .option('--sso <file>', 'SSO call log, NDJSON')
    .option('--vouchers <file>', 'voucher outcome log, NDJSON (e.g. the transaction webhook bodies); replaces the SDK voucher events')
    .option('--window <duration>', 'window length: 15m, 1h, 1d (default: monitor.window of the config, else 1h)', duration)
    .option('--since <time>', 'judge from this time on (ISO 8601, UTC if no zone, or epoch ms; inclusive)', instant)
    .option('--until <time>', 'judge up to this time (exclusive)', instant);
  addConfigOptions(cmd)
    .addOption(new Option('--format <format>', 'report format').choices(FORMAT_NAMES).default('pretty'))
    .option('--output <file>', 'write the report to a file instead of stdout')
    .option('--strict', 'count warnings as failures')
    .option('--verbose', 'show the findings of passing metrics too (their rates and counts)')
    .addHelpText(
      'after',
      `
Input files: NDJSON, one JSON object a line; "timestamp" is ISO 8601 (no zone = UTC) or epoch milliseconds.
  --events    {"event":"payment_success","properties":{"amount":500},"timestamp":"2026-12-04T10:00:00Z"}
              counted: payment_initiated, payment_success, payment_fail (properties.failureReason),
              voucher_generation_success, voucher_generation_fail; any other event is tolerated
              and tallied in monitor.input
  --webhooks  one delivery attempt a line: {"timestamp":1764842400000,"status":200}
  --sso       one SSO call a line, same shape: {"timestamp":"2026-12-04T10:00:00Z","status":401}
              "status" (or "statusCode") is the HTTP code: 2xx = success, 0 = no answer; or give
              "success": true|false (wins over status); "error": "timeout" names the failure
  --vouchers  one order a line: {"timestamp":"2026-12-04T10:00:00","orderStatus":"FAILED","brandName":"Swiggy"}
              orderStatus COMPLETED | FAILED | REVERSED (not a failure), as in transaction webhooks;
              or "success": true|false
A few malformed lines (monitor.maxBadLineRate, default 1%, at least one) are skipped with a warning;
more, or a file that is not NDJSON, is an error naming file:line (exit 2).

Windows start at --since, else on the clock (1h windows on the hour, 1d at 00:00 UTC). A rate
alerts only in a window with enough volume (monitor.*.minSample); thresholds in hubble.config.example.yaml.

Exit codes:
  0  no alert (warnings allowed unless --strict)
  1  at least one alert
  2  usage, config or input error, or nothing to judge (every metric skipped)
  3  no alert, but a metric could not be computed (error)

Examples:
  $ hubble-golive monitor --events events.ndjson
  $ hubble-golive monitor --events events.ndjson.gz --webhooks deliveries.ndjson --sso sso.ndjson --window 15m
  $ hubble-golive monitor --events events.ndjson --since 2026-12-04 --until 2026-12-05 --format markdown >> "$GITHUB_STEP_SUMMARY"`,
    )
    .action(async (opts: MonitorCliOptions) => {
      const { runMonitorCommand } = await import('./monitor-run.js');
      process.exitCode = await runMonitorCommand(opts);
    });
}
