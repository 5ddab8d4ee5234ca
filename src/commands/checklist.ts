import { Option, type Command } from 'commander';
import { addConfigOptions, addNetOptions, collect, DEFAULT_CONCURRENCY, type CheckCliOptions } from './options.js';

export function registerChecklist(program: Command): void {
  const cmd = program
    .command('checklist')
    .summary("the go-live steps of Hubble's guide, each marked done / failing / manual")
    .description(
      "Runs the checks for one environment (read-only: never with mutations) and marks each step of Hubble's " +
        'go-live guide done, failing, or manual (a person must confirm it), as text or Markdown for a checklist.',
    )
    .requiredOption('--env <name>', 'environment of the config file, e.g. production')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'markdown']).default('text'))
    .option('--output <file>', 'write the checklist to a file instead of stdout')
    .option('--offline', 'run no network check (their steps are marked manual)')
    .option('--only <ids>', 'run only these checks: comma list of ids or prefixes (the others\' steps are marked manual)')
    .option('--skip <ids>', 'leave out these checks: comma list of ids or prefixes')
    .option('--source <dir>', 'directory for source.scan (repeatable)', collect, [])
    .option('--sdk-url <url>', 'an SDK URL copied from the app, for sdk.url to check');
  addConfigOptions(addNetOptions(cmd))
    .addHelpText('after', '\nExit code as check: 0 no step failing, 1 a step failing, 2 usage or config error, 3 a check could not decide.')
    .action(async (opts: { format: 'text' | 'markdown' } & Omit<CheckCliOptions, 'format'>) => {
      const [{ produceReport }, build, { writeFileAtomic }, { exitCodeFor }] = await Promise.all([
        import('./check-run.js'),
        import('./checklist-build.js'),
        import('./output.js'),
        import('../engine/verdict.js'),
      ]);
      const { report, redact, config } = await produceReport({ ...opts, format: 'json', concurrency: DEFAULT_CONCURRENCY, allowMutations: false });
      const items = build.buildChecklist(report, config.attestations);
      const text = redact(opts.format === 'markdown' ? build.renderChecklistMarkdown(report, items) : build.renderChecklistText(report, items));
      if (opts.output) writeFileAtomic(opts.output, text);
      else process.stdout.write(text);
      process.exitCode = exitCodeFor(report.summary);
    });
}
