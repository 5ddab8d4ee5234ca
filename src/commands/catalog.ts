import { Option, type Command } from 'commander';

/** `list` and `explain`: what the checks are, from the registry itself. */
export function registerCatalog(program: Command): void {
  program
    .command('list')
    .summary('list every check: id, title, network use, whether it can write to the partner')
    .addOption(new Option('--format <format>', 'output format').choices(['pretty', 'json']).default('pretty'))
    .action(async (opts: { format: 'pretty' | 'json' }) => {
      const { listChecks } = await import('./catalog-run.js');
      process.stdout.write(listChecks(opts.format));
    });

  program
    .command('explain')
    .summary('what a check verifies, why it matters, and how to fix each failure')
    .argument('<id>', 'check id, e.g. tls.protocol (see "hubble-golive list")')
    .action(async (id: string) => {
      const { explainCheck } = await import('./catalog-run.js');
      process.stdout.write(explainCheck(id));
    });
}
