import { InvalidArgumentError, type Command } from 'commander';
import { faultHelp } from '../sandbox/faults.js';

export interface SandboxCliOptions {
  port?: number;
  host: string;
  faults?: string;
}

/** 0 (any free port) to 65535. */
function portNumber(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n > 65_535) throw new InvalidArgumentError('--port takes a port number from 0 to 65535 (0: any free port).');
  return n;
}

export function registerSandbox(program: Command): void {
  program
    .command('sandbox')
    .summary('run the sandbox partner in the foreground (--faults to misbehave on purpose)')
    .description(
      "Runs a reference implementation of the partner side of Hubble's contract on this machine: " +
        'POST /hubble/sso, GET /hubble/balance, POST /hubble/debit, POST /hubble/reverse and the webhook ' +
        'receiver POST /hubble/webhook, behind X-Hubble-Secret, over https with a CA made at start. ' +
        'Prints its URLs, a test SSO token, throwaway credentials and a ready config; Ctrl+C stops it ' +
        'and removes its temporary files.',
    )
    .option('--port <n>', 'port to listen on (default: any free port)', portNumber)
    .option('--host <address>', 'address to listen on', '127.0.0.1')
    .option('--faults <list>', 'comma list of mistakes to make on purpose (see below)')
    .addHelpText(
      'after',
      `
Faults (the check that must catch each one in brackets):
${faultHelp()}

Examples:
  $ hubble-golive sandbox
  $ hubble-golive sandbox --port 8443 --faults any-secret,unsigned-webhooks
  $ hubble-golive sandbox --faults slow=3000,missing-route=debit`,
    )
    .action(async (opts: SandboxCliOptions) => {
      const { runSandboxCommand } = await import('./sandbox-run.js');
      process.exitCode = await runSandboxCommand(opts);
    });
}
