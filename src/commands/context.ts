import { resolve as resolvePath } from 'node:path';
import { readEnvFile } from '../config/env-file.js';
import { loadConfig, pickEnvironment } from '../config/load.js';
import type { ResolvedConfig, ResolvedEnvironment } from '../config/types.js';

/** --config, else $HUBBLE_CONFIG, else ./hubble.config.yaml. */
export function configPath(flag: string | undefined, env = process.env): string {
  return flag ?? env.HUBBLE_CONFIG ?? 'hubble.config.yaml';
}

/** The variables ${VAR} resolves against: the process environment over an optional .env file. */
export function variables(envFile: string | undefined): Record<string, string | undefined> {
  if (!envFile) return process.env;
  return { ...readEnvFile(resolvePath(envFile)), ...process.env };
}

/** Loads the config and picks one environment; ConfigError on any problem. */
export function loadEnvironment(opts: { config?: string; envFile?: string; env: string }): {
  config: ResolvedConfig;
  env: ResolvedEnvironment;
} {
  const config = loadConfig(configPath(opts.config), { env: variables(opts.envFile) });
  return { config, env: pickEnvironment(config, opts.env) };
}
