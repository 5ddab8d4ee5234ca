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
    .requiredOption('--env <name>', 'environment of the config file')
    .option('--token <token>', 'SSO token to put in the URL (token=)')
    .option('--reveal', 'show appSecret in full (the URL then holds a secret: do not paste it anywhere shared)');
  addConfigOptions(cmd).action(async (opts: SdkUrlOptions) => {
    const [{ loadEnvironment }, { buildSdkUrl }] = await Promise.all([import('./context.js'), import('../hubble/sdk-url.js')]);
    const { env } = loadEnvironment(opts);
    const missing = (['clientId', 'appSecret'] as const).filter((k) => !env[k] || env[k].length === 0);
    for (const key of missing) {
      const unset = env.sources[key]?.unsetVars ?? [];
      process.stderr.write(`hubble-golive: warning: ${key} is not set${unset.length ? ` (\${${unset.join('}, ${')}} unset)` : ''}\n`);
    }
    if (!env.sdkBaseUrl) {
      const { ConfigError } = await import('../errors.js');
      throw new ConfigError(`${opts.config ?? 'hubble.config.yaml'}: environments.${env.name}.sdkBaseUrl is not set`);
    }
    process.stdout.write(`${buildSdkUrl(env, { token: opts.token, reveal: opts.reveal })}\n`);
    if (opts.token === undefined) process.stderr.write('(no token= parameter: pass --token with an SSO token for a user)\n');
  });
}
