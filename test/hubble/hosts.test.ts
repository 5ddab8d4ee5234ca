import { describe, expect, it } from 'vitest';
import { classifyHost, defaultHubbleUrls, visualSkeleton } from '../../src/hubble/hosts.js';

const host = (u: string) => new URL(u).hostname;

describe('classifyHost', () => {
  it.each([
    ['sdk.myhubble.money', { kind: 'hubble', tier: 'production', role: 'sdk' }],
    ['vouchers.myhubble.money', { kind: 'hubble', tier: 'production', role: 'sdk' }],
    ['api.myhubble.money', { kind: 'hubble', tier: 'production', role: 'api' }],
    ['sdk.dev.myhubble.money', { kind: 'hubble', tier: 'staging', role: 'sdk' }],
    ['vouchers.dev.myhubble.money', { kind: 'hubble', tier: 'staging', role: 'sdk' }],
    ['api.dev.myhubble.money', { kind: 'hubble', tier: 'staging', role: 'api' }],
    ['SDK.MyHubble.Money.', { kind: 'hubble', tier: 'production', role: 'sdk' }],
    ['store.myhubble.money', { kind: 'undocumented-hubble' }],
    ['sdk.myhubble.money.evil.com', { kind: 'lookalike', resembles: 'myhubble.money' }],
    ['sdk.myhub6le.money', { kind: 'lookalike', resembles: 'myhubble.money' }],
    ['sdk.my-hubble.money', { kind: 'lookalike', resembles: 'myhubble.money' }],
    ['sdk.myhubble.com', { kind: 'lookalike', resembles: 'myhubble.money' }],
    [host('https://sdk.myhubbl\u0435.money'), { kind: 'lookalike', resembles: 'myhubble.money' }],
    [host('https://\u0430pi.myhubble.money'), { kind: 'lookalike', resembles: 'myhubble.money' }],
    ['api.yourapp.com', { kind: 'other' }],
    [host('https://bücher.example'), { kind: 'other' }],
  ])('%s', (name, expected) => {
    expect(classifyHost(name)).toEqual(expected);
  });
});

describe('visualSkeleton', () => {
  it('reads a Cyrillic homoglyph name as the Latin one it imitates', () => {
    expect(visualSkeleton(host('https://sdk.myhubbl\u0435.money'))).toBe('sdk.myhubble.money');
  });
});

describe('defaultHubbleUrls', () => {
  it('gives the documented hosts per tier', () => {
    expect(defaultHubbleUrls('production')).toEqual({ sdkBaseUrl: 'https://sdk.myhubble.money', apiBaseUrl: 'https://api.myhubble.money' });
    expect(defaultHubbleUrls('staging')).toEqual({ sdkBaseUrl: 'https://sdk.dev.myhubble.money', apiBaseUrl: 'https://api.dev.myhubble.money' });
  });
});
