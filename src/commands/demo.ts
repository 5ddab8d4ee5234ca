import type { Command } from 'commander';
import { addReportOptions, positiveInt, type ReportCliOptions } from './options.js';

export interface DemoCliOptions extends ReportCliOptions {
  faults?: string;
  timeout: number;
}

/** A loopback sandbox answers in milliseconds; a shorter deadline keeps `--faults hang` quick. */
const DEMO_TIMEOUT_MS = 5000;

export function registerDemo(program: Command): void {
  const cmd = program
    .command('demo')
    .summary('run every check against a built-in sandbox partner (no network, no credentials)')
    .description(
      'Starts the sandbox partner on 127.0.0.1 with a fresh CA and throwaway credentials, writes a ' +
        'temporary config whose production environment points at it, runs "check --env production" ' +
        'against it (its host name mapped to 127.0.0.1 with --resolve, its CA trusted), prints the ' +
        "report and exits with check's exit code. Mutating probes are on: the sandbox is throwaway. " +
        'Checks that need the internet are skipped. Everything is removed when it ends.',
    )
    .option('--faults <list>', 'make the sandbox misbehave on purpose: comma list, see "hubble-golive sandbox --help"');
  addReportOptions(cmd)
    .option('--timeout <ms>', 'deadline of one network probe', positiveInt('--timeout', 600_000), DEMO_TIMEOUT_MS)
    .addHelpText(
      'after',
      `
Examples:
  $ hubble-golive demo                                  # every check that applies passes: exit 0
  $ hubble-golive demo --faults any-secret,legacy-tls   # see auth.hubble-secret and tls.protocol fail: exit 1
  $ hubble-golive demo --format json | jq .summary`,
    )
    .action(async (opts: DemoCliOptions) => {
      const { runDemo } = await import('./demo-run.js');
      process.exitCode = await runDemo(opts);
    });
}
