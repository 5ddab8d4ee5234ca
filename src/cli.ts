import { Command, CommanderError } from 'commander';
import { registerCommands } from './commands/index.js';
import { ConfigError, UsageError } from './errors.js';
import { maskUrlCredentials } from './engine/mask-url.js';
import { TOOL } from './engine/report.js';

const program = new Command('hubble-golive')
  .description('Tells a Hubble partner whether its integration is ready for production, and proves it.')
  .version(TOOL.version, '-V, --version')
  .showSuggestionAfterError(true)
  .exitOverride()
  .configureOutput({ outputError: (text, write) => write(text.replace(/^error: /, 'hubble-golive: ')) })
  .addHelpText(
    'after',
    `
Start here:
  $ hubble-golive demo                       # see every check run against a built-in sandbox partner
  $ hubble-golive init                       # write a commented hubble.config.yaml
  $ hubble-golive check --env production     # the go-live verdict; exit code 0/1/2/3

Docs: README.md; "hubble-golive explain <check-id>" for any check.`,
  );
// `hubble-golive … | head` closes the pipe early: stop quietly instead of crashing on EPIPE.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw err;
  });
}
registerCommands(program);
program.commands.forEach((c) => c.exitOverride());

try {
  await program.parseAsync(process.argv);
} catch (err) {
  process.exitCode = handleError(err);
}

/** One line on stderr, never a stack trace; exit 2 for usage and config errors. */
function handleError(err: unknown): number {
  if (err instanceof CommanderError) {
    // Help and --version "fail" with exit code 0; commander has already printed its message.
    return err.exitCode === 0 ? 0 : 2;
  }
  if (err instanceof ConfigError || err instanceof UsageError) {
    process.stderr.write(`hubble-golive: ${maskUrlCredentials(err.message)}\n`);
    return 2;
  }
  const message = maskUrlCredentials(err instanceof Error ? err.message.split('\n')[0]! : String(err));
  process.stderr.write(`hubble-golive: internal error: ${message} (set HUBBLE_GOLIVE_DEBUG=1 for details; please report it)\n`);
  if (process.env.HUBBLE_GOLIVE_DEBUG) process.stderr.write(`${(err as Error)?.stack ?? ''}\n`);
  return 3;
}
