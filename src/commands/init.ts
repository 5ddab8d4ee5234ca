import type { Command } from 'commander';

export function registerInit(program: Command): void {
  program
    .command('init')
    .summary('write a commented hubble.config.yaml to start from')
    .option('--config <path>', 'where to write it (default: $HUBBLE_CONFIG or ./hubble.config.yaml)')
    .option('--force', 'overwrite an existing file')
    .action(async (opts: { config?: string; force?: boolean }) => {
      const [{ default: example }, { writeFileAtomic }, { configPath }] = await Promise.all([
        import('../../hubble.config.example.yaml'),
        import('./output.js'),
        import('./context.js'),
      ]);
      const path = configPath(opts.config);
      writeFileAtomic(path, example, { overwrite: !!opts.force });
      process.stdout.write(
        `Wrote ${path}. Next:\n` +
          `  1. Set the variables it names (HUBBLE_CLIENT_ID, HUBBLE_APP_SECRET, ...) in your shell, CI secrets or a .env file (--env-file).\n` +
          `  2. Replace the yourapp.com URLs with your integration base URL and webhook URL.\n` +
          `  3. Run: hubble-golive check --env staging, then --env production.\n`,
      );
    });
}
