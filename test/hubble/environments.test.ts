import { describe, expect, it } from 'vitest';
import { displayUrl, isolationPeers, suggestedVar } from '../../src/hubble/environments.js';
import { production, staging } from '../checks/offline-fixtures.js';

describe('isolationPeers', () => {
  const prod = production();
  const eu = production({ name: 'production-eu' });
  const stg = staging();
  const qa = staging({ name: 'qa' });

  it.each([
    ['production is compared with staging (fail) and other production (warn)', prod, [eu, stg, qa], [['production-eu', 'warn'], ['staging', 'fail'], ['qa', 'fail']]],
    ['staging is compared with production only', stg, [prod, eu, qa], [['production', 'fail'], ['production-eu', 'fail']]],
    ['an environment is never its own peer', prod, [prod, stg], [['staging', 'fail']]],
  ])('%s', (_name, env, others, expected) => {
    expect(isolationPeers(env, others).map((p) => [p.env.name, p.severity])).toEqual(expected);
  });
});

describe('displayUrl', () => {
  it.each([
    ['https://api.acme-shop.com/hubble', 'https://api.acme-shop.com/hubble'],
    ['https://user:hunter2@api.acme-shop.com/hubble', 'https://***@api.acme-shop.com/hubble'],
    ['https://token@api.acme-shop.com/', 'https://***@api.acme-shop.com/'],
  ])('%s -> %s', (raw, shown) => {
    expect(displayUrl(raw)).toBe(shown);
  });
});

describe('suggestedVar', () => {
  it.each([
    ['production', 'production', 'appSecret', 'HUBBLE_APP_SECRET'],
    ['prod', 'production', 'hubbleSecret', 'HUBBLE_SECRET'],
    ['staging', 'staging', 'webhookSecret', 'HUBBLE_STAGING_WEBHOOK_SECRET'],
    ['production-eu', 'production', 'clientId', 'HUBBLE_PRODUCTION_EU_CLIENT_ID'],
  ] as const)('%s (%s) %s -> %s', (name, tier, key, variable) => {
    expect(suggestedVar({ name, tier }, key)).toBe(variable);
  });
});
