import { readFileSync } from 'node:fs';
import { dirname, resolve as resolvePath } from 'node:path';
import { LineCounter, parseDocument, type Document } from 'yaml';
import { ConfigError } from '../errors.js';
import { createRedactor } from '../engine/redact.js';
import { Secret } from '../engine/secret.js';
import { defaultHubbleUrls } from '../hubble/hosts.js';
import { describeIssue, firstAlias, nodeLine, secretKeyOnLine, writtenSecrets } from './issues.js';
import { configSchema, isHttpUrl, VAR_PATTERN, type RawEnvironment } from './schema.js';
import { suggestion } from './suggest.js';
import type { EnvironmentKey, ResolvedConfig, ResolvedEnvironment, Tier, ValueSource } from './types.js';

export interface LoadOptions {
  /** Variables ${VAR} resolves against (default process.env). */
  env?: Record<string, string | undefined>;
}

/** Reads, validates and resolves a config file. Every problem is a ConfigError naming file, line and key. */
export function loadConfig(path: string, options: LoadOptions = {}): ResolvedConfig {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') {
      throw new ConfigError(`${path}: no such file; create one with "hubble-golive init" or pass --config PATH`);
    }
    throw new ConfigError(`${path}: cannot read the config file (${code ?? String(err)})`);
  }
  return parseConfig(text, path, options);
}

/** Validates config text; `path` is used for messages and relative paths. */
export function parseConfig(text: string, path: string, options: LoadOptions = {}): ResolvedConfig {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const lineAt = (offset: number) => lineCounter.linePos(offset).line;

  const yamlError = doc.errors[0];
  if (yamlError) {
    const line = lineAt(yamlError.pos[0]);
    const secretKey = secretKeyOnLine(text, line);
    // yaml's messages quote the source; on a secret's line that would print the secret.
    if (secretKey) throw new ConfigError(`${path}:${line} ${secretKey}: invalid YAML in this value; put the value in quotes`);
    const reason = yamlError.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
    throw new ConfigError(`${path}:${line}: invalid YAML: ${createRedactor(writtenSecrets(text))(reason)}`);
  }
  if (doc.contents === null) {
    throw new ConfigError(`${path}:1: the file is empty; "hubble-golive init" writes a commented example`);
  }

  let data: unknown;
  try {
    data = doc.toJS();
  } catch {
    // An alias to an anchor that does not exist: typically a value starting with `*` left unquoted.
    const alias = firstAlias(doc);
    const line = alias ? lineAt(alias) : 1;
    throw new ConfigError(`${path}:${line}: a value starting with * is read as a YAML alias and none matches; put the value in quotes`);
  }
  const parsed = configSchema.safeParse(data, { reportInput: true });
  if (!parsed.success) {
    // A misspelt key also makes the real key "missing"; the unknown-key message (with its
    // suggestion) is the one that helps, so it goes first.
    const issues = parsed.error.issues;
    const first = issues.find((i) => i.code === 'unrecognized_keys') ?? issues[0]!;
    throw new ConfigError(describeIssue(first, doc, path, lineAt));
  }

  const vars = options.env ?? process.env;
  const dir = dirname(resolvePath(path));
  const environments: Record<string, ResolvedEnvironment> = {};
  for (const [name, raw] of Object.entries(parsed.data.environments)) {
    environments[name] = resolveEnvironment(name, raw, { doc, lineAt, path, vars, dir });
  }
  // Waivers and attestations name environments: a typo there would silently waive nothing.
  const names = Object.keys(environments);
  const listed = [
    ...(parsed.data.waivers ?? []).map((w, i) => ({ key: `waivers.${i}.env`, env: w.env, at: ['waivers', i, 'env'] })),
    ...(parsed.data.attestations ?? []).map((a, i) => ({ key: `attestations.${i}.env`, env: a.env, at: ['attestations', i, 'env'] })),
  ];
  for (const { key, env, at } of listed) {
    if (env !== undefined && !names.includes(env)) {
      throw new ConfigError(`${path}:${nodeLine(doc, at, lineAt)} ${key}: unknown environment "${env}"${suggestion(env, names)}; the file defines: ${names.join(', ')}`);
    }
  }
  return {
    path,
    dir,
    environments,
    plugins: (parsed.data.plugins ?? []).map((p) => resolvePath(dir, p)),
    waivers: (parsed.data.waivers ?? []).map((w, i) => ({ ...w, line: nodeLine(doc, ['waivers', i], lineAt) })),
    attestations: parsed.data.attestations ?? [],
  };
}

/** The environment called `name`, or a ConfigError that suggests the closest one. */
export function pickEnvironment(config: ResolvedConfig, name: string): ResolvedEnvironment {
  const env = config.environments[name];
  if (env) return env;
  const names = Object.keys(config.environments);
  throw new ConfigError(
    `${config.path}: unknown environment "${name}"${suggestion(name, names)}; the file defines: ${names.join(', ')}`,
  );
}

export function inferTier(name: string): Tier {
  return /^(production|prod|live)([-_.].*)?$/i.test(name) ? 'production' : 'staging';
}

interface ResolveContext {
  doc: Document;
  lineAt: (offset: number) => number;
  path: string;
  vars: Record<string, string | undefined>;
  dir: string;
}

const URL_KEYS = new Set<EnvironmentKey>(['sdkBaseUrl', 'apiBaseUrl', 'integrationBaseUrl', 'webhookUrl']);

function resolveEnvironment(name: string, raw: RawEnvironment, rc: ResolveContext): ResolvedEnvironment {
  const sources: ResolvedEnvironment['sources'] = {};
  const lineOf = (key: string) => nodeLine(rc.doc, ['environments', name, key], rc.lineAt);

  /** Resolves ${VAR}s in one string value; undefined when a variable is unset. */
  const str = (key: EnvironmentKey, value: string | undefined): string | undefined => {
    if (value === undefined) return undefined;
    const line = lineOf(key);
    const { resolved, source } = interpolate(value, rc.vars, line);
    sources[key] = source;
    if (resolved !== undefined && URL_KEYS.has(key) && source.from !== 'literal' && !isHttpUrl(resolved)) {
      throw new ConfigError(
        `${rc.path}:${line} environments.${name}.${key}: ${source.vars.map((v) => '${' + v + '}').join(', ')} resolved to a value that is not an http(s) URL`,
      );
    }
    return resolved;
  };
  const secret = (key: EnvironmentKey, value: string | undefined) => {
    const v = str(key, value);
    return v === undefined ? undefined : new Secret(v);
  };

  const tier = raw.tier ?? inferTier(name);
  if (raw.tier) sources.tier = { line: lineOf('tier'), from: 'literal', vars: [], unsetVars: [] };
  const defaults = defaultHubbleUrls(tier);
  const sdkBaseUrl = raw.sdkBaseUrl === undefined ? defaults.sdkBaseUrl : str('sdkBaseUrl', raw.sdkBaseUrl);
  const apiBaseUrl = raw.apiBaseUrl === undefined ? defaults.apiBaseUrl : str('apiBaseUrl', raw.apiBaseUrl);
  const dirSources: ValueSource[] = [];
  const sourceDirs = (raw.sourceDirs ?? [])
    .map((d) => {
      const dir = str('sourceDirs', d);
      dirSources.push(sources.sourceDirs!);
      return dir;
    })
    .filter((d): d is string => d !== undefined);
  // One key, several values: keep every variable (and every unset one) of the list.
  if (dirSources.length > 0) {
    const merged = [...new Set(dirSources.map((s) => s.from))];
    sources.sourceDirs = {
      line: dirSources[0]!.line,
      from: merged.length === 1 ? merged[0]! : 'mixed',
      vars: dirSources.flatMap((s) => s.vars),
      unsetVars: dirSources.flatMap((s) => s.unsetVars),
    };
  }

  return {
    name,
    tier,
    tierInferred: raw.tier === undefined,
    sdkBaseUrl,
    apiBaseUrl,
    clientId: str('clientId', raw.clientId),
    appSecret: secret('appSecret', raw.appSecret),
    hubbleSecret: secret('hubbleSecret', raw.hubbleSecret),
    webhookSecret: secret('webhookSecret', raw.webhookSecret),
    integrationBaseUrl: str('integrationBaseUrl', raw.integrationBaseUrl),
    webhookUrl: str('webhookUrl', raw.webhookUrl),
    sso: raw.sso,
    coins: raw.coins,
    testUserId: str('testUserId', raw.testUserId),
    jwtPublicKey: str('jwtPublicKey', raw.jwtPublicKey),
    sourceDirs: sourceDirs.map((d) => resolvePath(rc.dir, d)),
    sources,
  };
}

function interpolate(value: string, vars: Record<string, string | undefined>, line: number) {
  const names: string[] = [];
  const unset: string[] = [];
  let writtenDefault = false;
  const resolved = value.replace(VAR_PATTERN, (_m, v: string, fallback: string | undefined) => {
    names.push(v);
    const got = vars[v];
    // A non-empty default is a value written in the file, used or not (credentials.not-hardcoded judges it so).
    if (fallback) writtenDefault = true;
    // As the shell's ${VAR:-default}: the default stands in for an unset or empty variable; an empty
    // default is no value at all, so the variable is reported as unset.
    if (fallback && (got === undefined || got === '')) return fallback;
    if (got === undefined || (fallback === '' && got === '')) unset.push(v);
    return got ?? '';
  });
  const onlyVars = !writtenDefault && value.replace(VAR_PATTERN, '').trim() === '';
  const source: ValueSource = {
    line,
    from: names.length === 0 ? 'literal' : onlyVars ? 'env' : 'mixed',
    vars: names,
    unsetVars: unset,
  };
  return { resolved: unset.length > 0 ? undefined : resolved, source };
}
