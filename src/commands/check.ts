import type { Command } from 'commander';
import { addCheckOptions, addConfigOptions, type CheckCliOptions } from './options.js';

export function registerCheck(program: Command): void {
  const cmd = program
    .command('check')
    .summary('run the go-live checks for one environment and exit with the verdict')
    .description(
      'Runs every go-live check for one environment of hubble.config.yaml: credentials, URLs, the SDK URL, ' +
        'and (unless --offline) TLS, reachability and the partner contract over the network. ' +
        'Nothing that changes partner state is sent unless --allow-mutations is given.',
    )
    .requiredOption('--env <name>', 'environment of the config file to check, e.g. production');
  addConfigOptions(cmd);
  addCheckOptions(cmd)
    .addHelpText(
      'after',
      `
Exit codes:
  0  no check failed (warnings allowed unless --strict)
  1  at least one check failed
  2  usage or config error, or nothing was checked
  3  no failure, but a check could not decide (error)

Examples:
  $ hubble-golive check --env production
  $ hubble-golive check --env production --offline --format json --output golive.json
  $ hubble-golive check --env staging --only tls,urls --strict
  $ hubble-golive check --env production --resolve api.yourapp.com:443:10.0.0.7   # before DNS moves`,
    )
    .action(async (opts: CheckCliOptions) => {
      const { runCheckCommand } = await import('./check-run.js');
      process.exitCode = await runCheckCommand(opts);
    });
}
