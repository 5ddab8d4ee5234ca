import type { Command } from 'commander';
import { addConfigOptions } from './options.js';

interface SdkUrlOptions {
  env: string;
  config?: string;
  envFile?: string;
  token?: string;
  reveal?: boolean;
}

export function registerSdkUrl(program: Command): void {
  const cmd = program
    .command('sdk-url')
    .summary('print the SDK URL the app should open for an environment (appSecret masked)')
    .description(
      "Prints the URL your app opens to show Hubble's SDK for this environment: its sdkBaseUrl with clientId, appSecret and " +
        '(with --token) the SSO token, as in Hubble\'s go-live guide. appSecret is shown as ****wxyz unless --reveal. ' +
        'Compare it with what your app builds, or check a copy of it with "check --sdk-url URL".',
    )
    .requiredOption('--env <name>', 'environment of the config file')
    .option('--token <token>', 'SSO token to put in the URL (token=)')
    .option('--reveal', 'show appSecret in full (the URL then holds a secret: do not paste it anywhere shared)');
  addConfigOptions(cmd)
    .addHelpText(
      'after',
      '\nExamples:\n  $ hubble-golive sdk-url --env staging --token "$SSO_TOKEN"\n  $ hubble-golive sdk-url --env production --reveal   # the URL then holds the secret',
    )
    .action(async (opts: SdkUrlOptions) => {
    const [{ loadEnvironment }, { buildSdkUrl }] = await Promise.all([import('./context.js'), import('../hubble/sdk-url.js')]);
    const { config, env } = loadEnvironment(opts);
    const { ConfigError } = await import('../errors.js');
    // An SDK URL without its credentials would only mislead: refuse, naming what is missing.
    const missing = (['sdkBaseUrl', 'clientId', 'appSecret'] as const)
      .filter((k) => !env[k] || env[k].length === 0)
      .map((k) => {
        const unset = env.sources[k]?.unsetVars ?? [];
        return `${k}${unset.length ? ` (\${${unset.join('}, ${')}} unset)` : ''}`;
      });
    if (missing.length > 0) {
      throw new ConfigError(`${config.path}: environments.${env.name}: ${missing.join(', ')} not set, so there is no SDK URL to print`);
    }
    process.stdout.write(`${buildSdkUrl(env, { token: opts.token, reveal: opts.reveal })}\n`);
    if (opts.token === undefined) process.stderr.write('(no token= parameter: pass --token with an SSO token for a user)\n');
  });
}
