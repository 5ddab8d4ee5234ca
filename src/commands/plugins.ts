import { pathToFileURL } from 'node:url';
import type { ResolvedConfig } from '../config/types.js';
import type { CheckDefinition } from '../engine/check.js';
import { ConfigError } from '../errors.js';
import { configSecrets, createRedactor } from '../engine/redact.js';

/** Imports the config's `plugins`; each module's default export is one check or a list of them. */
export async function loadPlugins(config: ResolvedConfig, builtin: readonly CheckDefinition[]): Promise<CheckDefinition[]> {
  const seen = new Set(builtin.map((c) => c.id));
  const out: CheckDefinition[] = [];
  for (const path of config.plugins) {
    let mod: { default?: unknown };
    try {
      mod = (await import(pathToFileURL(path).href)) as { default?: unknown };
    } catch (err) {
      // A plugin's error may quote anything it read: the config's secrets are taken out.
      const reason = createRedactor(configSecrets(config))(String((err as Error).message ?? err).split('\n')[0]!);
      throw new ConfigError(`${config.path}: plugin ${path} could not be loaded: ${reason}`);
    }
    const exported = Array.isArray(mod.default) ? mod.default : [mod.default];
    for (const check of exported) {
      if (!isCheck(check)) {
        throw new ConfigError(`${config.path}: plugin ${path} must export default defineCheck({ id, title, network, explain, run })`);
      }
      if (seen.has(check.id)) throw new ConfigError(`${config.path}: plugin ${path} defines check ${check.id}, which already exists`);
      seen.add(check.id);
      out.push(check);
    }
  }
  return out;
}

function isCheck(v: unknown): v is CheckDefinition {
  const c = v as Partial<CheckDefinition> | undefined;
  return (
    !!c &&
    typeof c.id === 'string' &&
    /^[a-z][a-z0-9-]*\.[a-z][a-z0-9-]*$/.test(c.id) &&
    typeof c.title === 'string' &&
    typeof c.network === 'boolean' &&
    typeof c.run === 'function' &&
    typeof c.explain === 'object'
  );
}
