import { Option, type Command } from 'commander';
import { WEBHOOK_EVENT_KINDS } from '../hubble/webhook-kinds.js';
import { addConfigOptions, addNetOptions, type NetCliOptions } from './options.js';

export interface WebhookSignOptions {
  env: string;
  config?: string;
  envFile?: string;
  file?: string;
}

export interface WebhookSendOptions extends WebhookSignOptions, NetCliOptions {
  event?: (typeof WEBHOOK_EVENT_KINDS)[number];
  dryRun?: boolean;
  yes?: boolean;
}

export function registerWebhook(program: Command): void {
  const webhook = program
    .command('webhook')
    .summary('sign a webhook body, or send a signed sample webhook to your endpoint')
    .description(
      'X-Verify tools: the signature Hubble puts on every webhook is the standard Base64 of HMAC-SHA256 over the raw body, ' +
        'keyed with the environment\'s webhookSecret.',
    );

  const sign = webhook
    .command('sign')
    .summary('print the X-Verify value for a body read from --file or stdin')
    .description(
      'Prints the X-Verify value Hubble would send with this body: Base64 of HMAC-SHA256 over the bytes exactly as read ' +
        '(a trailing newline counts), keyed with the environment\'s webhookSecret. Only the signature is printed.',
    )
    .requiredOption('--env <name>', 'environment whose webhookSecret signs')
    .option('--file <path>', 'the body to sign (default: stdin)');
  addConfigOptions(sign)
    .addHelpText('after', '\nExamples:\n  $ hubble-golive webhook sign --env staging --file body.json\n  $ printf %s \'{"event":"BRAND_DISABLED"}\' | hubble-golive webhook sign --env staging')
    .action(async (opts: WebhookSignOptions) => {
      const { runWebhookSign } = await import('./webhook-run.js');
      process.exitCode = await runWebhookSign(opts);
    });

  const send = webhook
    .command('send')
    .summary('sign and POST a sample webhook to the environment\'s webhookUrl; print status and timing')
    .description(
      'Signs a body with the environment\'s webhookSecret and POSTs it to its webhookUrl, as Hubble does, then prints the ' +
        'status, the latency and the first bytes of the answer. Exit code 0 when the answer is 2xx, 1 otherwise.\n\n' +
        'This delivers a CORRECTLY SIGNED webhook: your endpoint will act on it (store a transaction, update a brand). ' +
        'Sample events carry only hubble-golive-probe-… ids. For a production-tier environment, --yes is required. ' +
        'Nothing is sent to a plain http URL.',
    )
    .requiredOption('--env <name>', 'environment whose webhookUrl and webhookSecret are used')
    .addOption(new Option('--event <kind>', 'send a sample event of this kind (HUBBLE.md section 4)').choices(WEBHOOK_EVENT_KINDS))
    .option('--file <path>', 'send this body instead of a sample (signed as is, byte for byte)')
    .option('--dry-run', 'send nothing: print the equivalent curl command, signature masked')
    .option('--yes', 'confirm sending a correctly signed webhook to a production-tier environment');
  addConfigOptions(addNetOptions(send))
    .addHelpText(
      'after',
      '\nExamples:\n  $ hubble-golive webhook send --env staging --event transaction.completed\n' +
        '  $ hubble-golive webhook send --env production --event brand.disabled --yes\n' +
        '  $ hubble-golive webhook send --env production --file order.json --dry-run',
    )
    .action(async (opts: WebhookSendOptions) => {
      const { runWebhookSend } = await import('./webhook-run.js');
      process.exitCode = await runWebhookSend(opts);
    });
}
