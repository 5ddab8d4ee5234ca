import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inspectJwt, loadPublicKey } from '../../src/hubble/jwt.js';

describe('loadPublicKey / inspectJwt', () => {
  const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'golive-key-'));
    writeFileSync(join(dir, 'pkcs1.pem'), rsa.publicKey.export({ type: 'pkcs1', format: 'pem' }));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it.each([
    ['SPKI PEM text', () => rsa.publicKey.export({ type: 'spki', format: 'pem' }).toString(), true],
    ['a PKCS#1 file, relative to the config directory', () => 'pkcs1.pem', true],
    ['an EC key', () => ec.publicKey.export({ type: 'spki', format: 'pem' }).toString(), 'is an ec key; RS256 needs an RSA key'],
    ['a private key', () => rsa.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), /^holds a private key/],
    ['garbage PEM', () => '-----BEGIN PUBLIC KEY-----\nnope\n-----END PUBLIC KEY-----\n', /^is not a PEM public key/],
  ] as [string, () => string, true | string | RegExp][])('%s', (_name, value, expected) => {
    const r = loadPublicKey(value(), dir);
    if (expected === true) expect(r).toMatchObject({ ok: true, type: 'rsa', fingerprint: expect.stringMatching(/^[0-9a-f]{8}$/) });
    else expect(r).toMatchObject({ ok: false, problem: typeof expected === 'string' ? expected : expect.stringMatching(expected) });
  });

  it('gives the same fingerprint for the same key in any encoding', () => {
    const a = loadPublicKey('pkcs1.pem', dir);
    const b = loadPublicKey(rsa.publicKey.export({ type: 'spki', format: 'pem' }).toString(), dir);
    expect(a.ok && b.ok && a.fingerprint === b.fingerprint).toBe(true);
  });

  it('verifies an RS256 signature, refuses another key, and does not check other algorithms', async () => {
    const token = await new SignJWT({}).setProtectedHeader({ alg: 'RS256' }).setIssuer('x').sign(rsa.privateKey);
    expect(await inspectJwt(token, rsa.publicKey)).toMatchObject({ alg: 'RS256', signature: 'valid', claims: { iss: 'x' } });
    const other = generateKeyPairSync('rsa', { modulusLength: 2048 });
    expect((await inspectJwt(token, other.publicKey)).signature).toBe('invalid');
    const hs = await new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).sign(new Uint8Array(32));
    expect(await inspectJwt(hs, rsa.publicKey)).toMatchObject({ alg: 'HS256', signature: 'not-checked' });
    expect((await inspectJwt('not.a-jwt', rsa.publicKey)).decodeError).toMatch(/not a signed JWT/);
  });
});
