import { describe, expect, it } from 'vitest';
import { classifyPartnerHost, parseIp, stagingLabels } from '../../src/hubble/hostnames.js';

/** The hostname as the WHATWG URL parser gives it, which is what the checks see. */
const hostOf = (url: string) => new URL(url).hostname;

describe('parseIp', () => {
  it.each([
    ['https://127.0.0.1/', 4, 'loopback'],
    ['https://127.8.9.10/', 4, 'loopback'],
    ['https://10.1.2.3/', 4, 'private'],
    ['https://172.16.0.1/', 4, 'private'],
    ['https://172.31.255.255/', 4, 'private'],
    ['https://192.168.1.20/', 4, 'private'],
    ['https://169.254.169.254/', 4, 'link-local'],
    ['https://100.64.0.1/', 4, 'shared'],
    ['https://0.0.0.0/', 4, 'unspecified'],
    ['https://203.0.113.7/', 4, 'documentation'],
    ['https://224.0.0.1/', 4, 'multicast'],
    ['https://255.255.255.255/', 4, 'reserved'],
    ['https://8.8.8.8/', 4, 'public'],
    ['https://172.32.0.1/', 4, 'public'],
    ['https://0x7f.1/', 4, 'loopback'], // the URL parser normalises odd IPv4 spellings
    ['https://2130706433/', 4, 'loopback'],
    ['https://[::1]/', 6, 'loopback'],
    ['https://[::]/', 6, 'unspecified'],
    ['https://[fd12:3456::1]/', 6, 'private'],
    ['https://[fe80::1]/', 6, 'link-local'],
    ['https://[ff02::1]/', 6, 'multicast'],
    ['https://[2001:db8::1]/', 6, 'documentation'],
    ['https://[::ffff:127.0.0.1]/', 6, 'loopback'],
    ['https://[::ffff:10.0.0.1]/', 6, 'private'],
    ['https://[2606:4700::1111]/', 6, 'public'],
  ])('%s is IPv%i, %s', (url, version, range) => {
    expect(parseIp(hostOf(url))).toMatchObject({ version, range });
  });

  it('is undefined for a DNS name', () => {
    expect(parseIp('api.acme-shop.com')).toBeUndefined();
  });
});

describe('classifyPartnerHost', () => {
  it.each([
    ['localhost', 'localhost'],
    ['api.localhost', 'localhost'],
    ['LOCALHOST.', 'localhost'],
    ['printer.local', 'reserved-name'],
    ['api.corp.internal', 'reserved-name'],
    ['api.shop.test', 'reserved-name'],
    ['api.example', 'reserved-name'],
    ['api.invalid', 'reserved-name'],
    ['nas.home.arpa', 'reserved-name'],
    ['backend', 'single-label'],
    ['api.example.com', 'example-domain'],
    ['api.yourapp.com', 'example-domain'],
    ['[::1]', 'ip'],
    ['192.168.0.10', 'ip'],
    ['api.acme-shop.com', 'public'],
    ['api.localhost-shop.com', 'public'],
    ['testing.io', 'public'],
  ])('%s is %s', (host, kind) => {
    expect(classifyPartnerHost(host).kind).toBe(kind);
  });

  it('names the suffix and the reason for a reserved name', () => {
    expect(classifyPartnerHost('api.shop.test')).toEqual({ kind: 'reserved-name', suffix: '.test', reason: expect.stringContaining('RFC 6761') });
  });
});

describe('stagingLabels', () => {
  it.each([
    ['https://staging.acme-shop.com/hubble', ['staging']],
    ['https://staging-api.acme-shop.com/hubble', ['staging']],
    ['https://api-dev2.acme-shop.com/hubble', ['dev']],
    ['https://api.uat.acme-shop.com/', ['uat']],
    ['https://api.sandbox.acme-shop.com/', ['sandbox']],
    ['https://api.acme-shop.com/stage/hubble', ['stage']],
    ['https://api.acme-shop.com/hubble', []],
    ['https://api.devtools.com/hubble', []], // "devtools" is not the word "dev"
    ['https://api.test-corp.com/hubble', []], // the registrable domain is the company's name, not a label to judge
    ['https://latest.acme-shop.com/hubble', []],
  ])('%s -> %j', (url, words) => {
    expect(stagingLabels(new URL(url))).toEqual(words);
  });
});
