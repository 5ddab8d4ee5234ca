import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readEnvFile } from '../../src/config/env-file.js';
import { inferTier, loadConfig, parseConfig, pickEnvironment } from '../../src/config/load.js';
import { ConfigError } from '../../src/errors.js';

const FILE = 'hubble.config.yaml';
const errorOf = (text: string, env: Record<string, string> = {}) => {
  try {
    parseConfig(text, FILE, { env });
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as Error).message;
  }
  throw new Error('expected a ConfigError');
};

const minimal = (envBody: string) => `version: 1
environments:
  production:
${envBody
  .split('\n')
  .map((l) => `    ${l}`)
  .join('\n')}
`;

describe('config errors name file, line and key', () => {
  it.each([
    ['invalid YAML', 'version: 1\nenvironments:\n  production:\n    clientId: [unclosed\n', /^hubble\.config\.yaml:\d+: invalid YAML: /],
    ['unknown key with a suggestion', minimal('clientId: a\nwebhookUrll: https://x.yourapp.com/w'), /^hubble\.config\.yaml:5 environments\.production\.webhookUrll: unknown key \(did you mean webhookUrl\?\)$/],
    ['wrong type', minimal('coins: "yes"'), /^hubble\.config\.yaml:4 environments\.production\.coins: expected true or false, got a string \("yes"\)$/],
    ['enum typo', minimal('sso: clasic'), /^hubble\.config\.yaml:4 environments\.production\.sso: expected "classic" \| "jwt" \| "none", got a string \("clasic"\) \(did you mean classic\?\)$/],
    ['not a URL', minimal('webhookUrl: not a url'), /^hubble\.config\.yaml:4 environments\.production\.webhookUrl: expected an http\(s\) URL/],
    ['missing version', 'environments:\n  production: {}\n', /^hubble\.config\.yaml:1 version: missing/],
    ['wrong version', 'version: 2\nenvironments:\n  production: {}\n', /^hubble\.config\.yaml:1 version: expected 1, got number 2$/],
    ['unknown top-level key', 'version: 1\nenviroments: {}\n', /^hubble\.config\.yaml:2 enviroments: unknown key \(did you mean environments\?\)$/],
    ['no environments', 'version: 1\nenvironments: {}\n', /^hubble\.config\.yaml:2 environments: expected at least one environment$/],
    ['empty file', '', /^hubble\.config\.yaml:1: the file is empty/],
    ['a list instead of a map', 'version: 1\nenvironments:\n  - production\n', /^hubble\.config\.yaml:3 environments: expected a map/],
    ['duplicate key', minimal('clientId: a\nclientId: b'), /^hubble\.config\.yaml:\d+: invalid YAML: .*[Uu]nique/],
  ])('%s', (_name, text, pattern) => {
    const message = errorOf(text);
    expect(message).toMatch(pattern);
    expect(message).not.toContain('\n');
  });

  it('never shows a value written under a secret key in a type error', () => {
    const message = errorOf(minimal('appSecret: 918273645546372819'));
    expect(message).toMatch(/environments\.production\.appSecret: expected a string, got a number$/);
    expect(message).not.toContain('918273645546372819');
  });

  it('checks a URL that comes from a variable once resolved, naming the variable', () => {
    const message = errorOf(minimal('webhookUrl: ${HOOK}'), { HOOK: 'nope' });
    expect(message).toBe('hubble.config.yaml:4 environments.production.webhookUrl: ${HOOK} resolved to a value that is not an http(s) URL');
  });

  it('reports a missing file with what to do', () => {
    expect(() => loadConfig(join(tmpdir(), 'does-not-exist', FILE))).toThrow(/no such file; create one with "hubble-golive init"/);
  });

  it('suggests the closest environment for an unknown --env', () => {
    const config = parseConfig(minimal('clientId: a'), FILE, { env: {} });
    expect(() => pickEnvironment(config, 'prodution')).toThrow(
      'hubble.config.yaml: unknown environment "prodution" (did you mean production?); the file defines: production',
    );
  });
});

describe('${VAR} resolution', () => {
  it('resolves variables, wraps secrets and records where each value came from', () => {
    const config = parseConfig(minimal('clientId: ${ID}\nappSecret: ${SECRET}\nhubbleSecret: literal-value\nintegrationBaseUrl: https://${HOST}/hubble'), FILE, {
      env: { ID: 'client-1', SECRET: 's3cr3t-value-long-enough', HOST: 'api.yourapp.com' },
    });
    const env = config.environments.production!;
    expect(env.clientId).toBe('client-1');
    expect(env.appSecret?.reveal()).toBe('s3cr3t-value-long-enough');
    expect(String(env.appSecret)).not.toContain('s3cr3t');
    expect(JSON.stringify(env)).not.toContain('s3cr3t');
    expect(env.integrationBaseUrl).toBe('https://api.yourapp.com/hubble');
    expect(env.sources.clientId).toEqual({ line: 4, from: 'env', vars: ['ID'], unsetVars: [] });
    expect(env.sources.hubbleSecret?.from).toBe('literal');
    expect(env.sources.integrationBaseUrl?.from).toBe('mixed');
  });

  it('leaves a value undefined and names the unset variable instead of crashing', () => {
    const env = parseConfig(minimal('appSecret: ${NOT_SET}'), FILE, { env: {} }).environments.production!;
    expect(env.appSecret).toBeUndefined();
    expect(env.sources.appSecret?.unsetVars).toEqual(['NOT_SET']);
  });

  it('keeps a trailing newline so that credentials.present can report it', () => {
    const env = parseConfig(minimal('appSecret: ${S}'), FILE, { env: { S: 'abcdefgh\n' } }).environments.production!;
    expect(env.appSecret?.reveal()).toBe('abcdefgh\n');
  });
});

describe('tier and defaults', () => {
  it.each([
    ['production', 'production'],
    ['prod', 'production'],
    ['live', 'production'],
    ['prod-eu', 'production'],
    ['staging', 'staging'],
    ['uat', 'staging'],
    ['productive', 'staging'],
  ])('%s is %s', (name, tier) => expect(inferTier(name)).toBe(tier));

  it('an explicit tier wins over the name, and Hubble URLs default per tier', () => {
    const config = parseConfig('version: 1\nenvironments:\n  eu:\n    tier: production\n  prod: {}\n  qa: {}\n', FILE, { env: {} });
    expect(config.environments.eu!.tier).toBe('production');
    expect(config.environments.eu!.tierInferred).toBe(false);
    expect(config.environments.prod!.sdkBaseUrl).toBe('https://sdk.myhubble.money');
    expect(config.environments.qa!.apiBaseUrl).toBe('https://api.dev.myhubble.money');
    expect(config.environments.prod!.sso).toBe('classic');
    expect(config.environments.prod!.coins).toBe(false);
  });
});

describe('env file', () => {
  it('reads KEY=value lines with quotes, export and comments', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hg-env-'));
    const file = join(dir, '.env');
    writeFileSync(file, '# comment\nexport A=1\nB="two words"\nC=\'x#y\'\nD=plain # trailing\nE="line\\nbreak"\n');
    expect(readEnvFile(file)).toEqual({ A: '1', B: 'two words', C: 'x#y', D: 'plain', E: 'line\nbreak' });
  });
  it('names the file and line of a bad entry', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hg-env-'));
    const file = join(dir, '.env');
    writeFileSync(file, 'A=1\nnot an assignment\n');
    expect(() => readEnvFile(file)).toThrow(`${file}:2: expected KEY=value`);
  });
});

describe('hubble.config.example.yaml', () => {
  it('is valid under the schema and defines staging and production', () => {
    const text = readFileSync(new URL('../../hubble.config.example.yaml', import.meta.url), 'utf8');
    const config = parseConfig(text, 'hubble.config.example.yaml', { env: {} });
    expect(Object.keys(config.environments)).toEqual(['staging', 'production']);
    expect(config.environments.production!.tier).toBe('production');
    expect(config.environments.staging!.sources.appSecret?.from).toBe('env');
  });
});

describe('list values', () => {
  it('keeps every unset variable of sourceDirs, not only the last one', () => {
    const env = parseConfig(minimal('sourceDirs: ["${A}", ./dist, "${B}"]'), FILE, { env: { B: 'build' } }).environments.production!;
    expect(env.sources.sourceDirs).toMatchObject({ from: 'mixed', vars: ['A', 'B'], unsetVars: ['A'] });
    expect(env.sourceDirs.map((d) => d.split('/').at(-1))).toEqual(['dist', 'build']);
  });
});

describe('YAML errors never quote a secret', () => {
  it.each([
    ['a block scalar header with text', 'hubbleSecret: |SuperSecretValue123'],
    ['a folded header with text', 'appSecret: >SuperSecretValue123'],
    ['an unquoted value starting with *', 'webhookSecret: *SuperSecretValue123'],
    ['an unquoted value starting with &', 'appSecret: &SuperSecretValue123 x: y'],
  ])('%s', (_name, line) => {
    const message = errorOf(minimal(`clientId: a\n${line}`));
    expect(message).toMatch(/^hubble\.config\.yaml:5\b/);
    expect(message).not.toContain('SuperSecretValue123');
    expect(message).not.toContain('\n');
  });
  it('an unknown top-level key suggests among every top-level key, monitor included', () => {
    expect(errorOf('version: 1\nenvironments:\n  production: {}\nmonitr: {}\n')).toMatch(/monitr: unknown key \(did you mean monitor\?\)/);
  });
});

describe('suggestions', () => {
  it('expand an abbreviation (tier: prod → production)', () => {
    expect(errorOf(minimal('tier: prod'))).toMatch(/tier: expected "staging" \| "production", got a string \("prod"\) \(did you mean production\?\)/);
  });
});

describe('${VAR:-default}', () => {
  const text = minimal('clientId: ${CID:-fallback-client}\nappSecret: "${APP:-}"\nintegrationBaseUrl: ${BASE:-https://api.acme.com/hubble}');
  it('uses the variable when set and the default when unset or empty', () => {
    const set = parseConfig(text, FILE, { env: { CID: 'real', APP: 'secret-from-env', BASE: 'https://x.acme.com' } }).environments.production!;
    expect(set.clientId).toBe('real');
    expect(set.integrationBaseUrl).toBe('https://x.acme.com');
    const unset = parseConfig(text, FILE, { env: { CID: '' } }).environments.production!;
    expect(unset.clientId).toBe('fallback-client');
    expect(unset.integrationBaseUrl).toBe('https://api.acme.com/hubble');
  });
  it('a non-empty default is a value written in the file, whether it was used or not', () => {
    for (const env of [{ CID: 'real' }, {}]) {
      expect(parseConfig(text, FILE, { env }).environments.production!.sources.clientId).toMatchObject({ from: 'mixed', unsetVars: [] });
    }
  });
  it('an empty default is no value: the variable is reported as unset', () => {
    const env = parseConfig(text, FILE, { env: {} }).environments.production!;
    expect(env.appSecret).toBeUndefined();
    expect(env.sources.appSecret).toMatchObject({ from: 'env', unsetVars: ['APP'] });
  });
});

describe('waivers and attestations', () => {
  const base = 'version: 1\nenvironments:\n  production: {}\n  staging: {}\n';
  it('are read with the line of each waiver', () => {
    const config = parseConfig(`${base}waivers:\n  - check: tls.protocol\n    env: production\n    reason: legacy terminals, ACME-123\n    expires: 2027-01-31\nattestations:\n  - step: 6\n    env: production\n    by: Priya (QA)\n    date: 2026-12-01\n`, FILE, { env: {} });
    expect(config.waivers).toEqual([{ check: 'tls.protocol', env: 'production', reason: 'legacy terminals, ACME-123', expires: '2027-01-31', line: 6 }]);
    expect(config.attestations).toEqual([{ step: 6, env: 'production', by: 'Priya (QA)', date: '2026-12-01' }]);
  });
  it.each([
    ['a waiver without expiry', `${base}waivers:\n  - check: tls\n    reason: because we said so\n`, /:6 waivers\.0\.expires: missing/],
    ['a waiver with a short reason', `${base}waivers:\n  - check: tls\n    reason: meh\n    expires: 2027-01-01\n`, /:7 waivers\.0\.reason: expected a reason of at least 10 characters/],
    ['a waiver for an unknown environment', `${base}waivers:\n  - check: tls\n    env: prod\n    reason: legacy terminals\n    expires: 2027-01-01\n`, /:7 waivers\.0\.env: unknown environment "prod" \(did you mean production\?\)/],
    ['a bad date', `${base}attestations:\n  - step: 6\n    env: production\n    by: me\n    date: 2026-13-45\n`, /:9 attestations\.0\.date: expected a real calendar date/],
    ['a step out of range', `${base}attestations:\n  - step: 9\n    env: production\n    by: me\n    date: 2026-12-01\n`, /:6 attestations\.0\.step: expected a step number from 1 to 8/],
  ])('%s is a config error naming the line', (_name, text, pattern) => {
    expect(errorOf(text)).toMatch(pattern);
  });
});

describe('the example\'s commented blocks', () => {
  it('waivers and attestations validate when uncommented', () => {
    const text = readFileSync(new URL('../../hubble.config.example.yaml', import.meta.url), 'utf8');
    const uncommented = text.replace(/^# ((?:waivers|attestations):\n(?:# {2,}.*\n?)+)/gm, (block) => block.replace(/^# /gm, ''));
    expect(uncommented).toMatch(/^waivers:/m);
    expect(uncommented).toMatch(/^attestations:/m);
    const config = parseConfig(uncommented, 'hubble.config.example.yaml', { env: {} });
    expect(config.waivers[0]).toMatchObject({ check: 'tls.protocol', env: 'production', expires: '2027-01-31' });
    expect(config.attestations[0]).toMatchObject({ step: 6, env: 'production' });
  });
});
