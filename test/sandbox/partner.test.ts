import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Secret } from '../../src/engine/secret.js';
import { signWebhook } from '../../src/hubble/webhook.js';
import { startSandbox, type Sandbox } from '../../src/sandbox/server.js';
import { call, deliver, transactionWebhook } from './client.js';

let sb: Sandbox;
beforeAll(async () => {
  sb = await startSandbox();
});
afterAll(() => sb.close());

const prod = () => sb.credentials.production;
const ref = (label: string) => `test-ref-${label}-${Math.random().toString(36).slice(2)}`;

describe('POST /sso (classic SSO)', () => {
  it('answers 200 with the documented profile for a token it issued', async () => {
    const r = await call(sb, { path: '/sso', secret: prod().hubbleSecret, body: { token: sb.testToken } });
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toMatch(/^application\/json/);
    expect(r.body).toEqual({
      userId: sb.testUserId,
      email: 'testuser@example.com',
      firstName: 'Test',
      lastName: 'User',
      phoneNumber: '9876543210',
      cohorts: ['premium', 'beta'],
    });
  });

  it('knows each user by their own token', async () => {
    const token = sb.issueToken('test-user-456');
    const r = await call(sb, { path: '/sso', secret: prod().hubbleSecret, body: { token } });
    expect(r.body.userId).toBe('test-user-456');
  });

  it.each([
    ['an unknown token', { token: 'not-a-token-it-issued' }],
    ['mock-token', { token: 'mock-token' }],
    ['an empty token', { token: '' }],
    ['no token', {}],
    ['a token of the wrong type', { token: 42 }],
  ])('answers 401 {"userId": null} to %s', async (_, body) => {
    const r = await call(sb, { path: '/sso', secret: prod().hubbleSecret, body });
    expect(r.status).toBe(401);
    expect(r.body).toEqual({ userId: null });
  });

  it('refuses an expired token', async () => {
    const token = sb.issueToken(sb.testUserId, -1);
    const r = await call(sb, { path: '/sso', secret: prod().hubbleSecret, body: { token } });
    expect(r.status).toBe(401);
    expect(r.body).toEqual({ userId: null });
  });

  it('answers 400 {"userId": null} to a body that is not JSON', async () => {
    const r = await call(sb, { path: '/sso', secret: prod().hubbleSecret, body: 'token=abc' });
    expect(r.status).toBe(400);
    expect(r.body).toEqual({ userId: null });
  });
});

describe('X-Hubble-Secret', () => {
  const guarded = [
    ['POST', '/sso', { token: 'x' }],
    ['GET', '/balance?userId=test-user-123', undefined],
    ['POST', '/debit', { userId: 'test-user-123', coins: 1, referenceId: 'secret-test' }],
    ['POST', '/reverse', { userId: 'test-user-123', referenceId: 'secret-test' }],
  ] as const;

  it.each(guarded)('%s %s answers 401 without a secret, with a wrong one, and with the staging one', async (method, path, body) => {
    for (const secret of [undefined, 'wrong-secret', prod().hubbleSecret.reveal().slice(0, -1), sb.credentials.staging.hubbleSecret]) {
      const r = await call(sb, { method, path, body, secret });
      expect(r.status, `secret ${String(secret)}`).toBe(401);
    }
    expect(sb.ledger.balance('test-user-123')).toBeGreaterThan(0);
    expect(sb.ledger.journal.filter((e) => e.referenceId === 'secret-test')).toEqual([]);
  });

  it('lets the valid secret through on every guarded route', async () => {
    const token = sb.issueToken(sb.testUserId);
    const answers = await Promise.all([
      call(sb, { path: '/sso', secret: prod().hubbleSecret, body: { token } }),
      call(sb, { path: '/balance?userId=test-user-123', secret: prod().hubbleSecret }),
    ]);
    expect(answers.map((a) => a.status)).toEqual([200, 200]);
  });

  it('is not required on the webhook receiver, which X-Verify authenticates instead', async () => {
    const r = await deliver(sb, transactionWebhook(ref('no-hubble-secret')), { with: prod().webhookSecret });
    expect(r.status).toBe(200);
  });

  it('never appears in the request log, which records only which secret was seen', async () => {
    await call(sb, { path: '/balance?userId=test-user-123', secret: prod().hubbleSecret });
    await call(sb, { path: '/balance?userId=test-user-123', secret: 'wrong-secret' });
    await call(sb, { path: '/balance?userId=test-user-123', secret: sb.credentials.staging.hubbleSecret });
    await call(sb, { path: '/balance?userId=test-user-123' });
    const log = JSON.stringify(sb.requests);
    expect(log).not.toContain(prod().hubbleSecret.reveal());
    expect(sb.requests.map((r) => r.secret)).toEqual(expect.arrayContaining(['valid', 'wrong', 'missing', 'staging']));
  });
});

describe('GET /balance', () => {
  it('answers {userId, totalCoins} for a user', async () => {
    const r = await call(sb, { path: '/balance?userId=test-user-456', secret: prod().hubbleSecret });
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ userId: 'test-user-456', totalCoins: 50 });
  });

  it('answers 0 coins for a user it has never seen', async () => {
    const r = await call(sb, { path: '/balance?userId=hubble-golive-probe-user-1', secret: prod().hubbleSecret });
    expect(r.body).toEqual({ userId: 'hubble-golive-probe-user-1', totalCoins: 0 });
  });

  it('answers 400 without a userId', async () => {
    const r = await call(sb, { path: '/balance', secret: prod().hubbleSecret });
    expect(r.status).toBe(400);
  });
});

describe('POST /debit and /reverse (the ledger)', () => {
  const user = 'test-user-123';
  const balance = () => sb.ledger.balance(user);

  it('debits once per referenceId: a retry returns the original result and moves nothing', async () => {
    const before = balance();
    const referenceId = ref('debit');
    const first = await call(sb, { path: '/debit', secret: prod().hubbleSecret, body: { userId: user, coins: 10, referenceId, note: 'order 1' } });
    expect(first.status).toBe(200);
    expect(first.body).toEqual({ status: 'SUCCESS', transactionId: expect.any(String), referenceId, balance: before - 10 });
    const retry = await call(sb, { path: '/debit', secret: prod().hubbleSecret, body: { userId: user, coins: 10, referenceId, note: 'order 1' } });
    expect(retry.status).toBe(200);
    expect(retry.body).toEqual(first.body);
    expect(balance()).toBe(before - 10);
  });

  it('refuses a referenceId reused for another amount with 409', async () => {
    const referenceId = ref('reuse');
    await call(sb, { path: '/debit', secret: prod().hubbleSecret, body: { userId: user, coins: 1, referenceId } });
    const before = balance();
    const r = await call(sb, { path: '/debit', secret: prod().hubbleSecret, body: { userId: user, coins: 2, referenceId } });
    expect(r.status).toBe(409);
    expect(balance()).toBe(before);
  });

  it('refuses a debit larger than the balance with 400 and moves nothing', async () => {
    const r = await call(sb, { path: '/debit', secret: prod().hubbleSecret, body: { userId: 'test-user-456', coins: 51, referenceId: ref('big') } });
    expect(r.status).toBe(400);
    expect(r.body).toMatchObject({ status: 'FAILED', failureReason: 'INSUFFICIENT_BALANCE', balance: 50 });
    expect(sb.ledger.balance('test-user-456')).toBe(50);
  });

  it.each([
    ['coins missing', { userId: user, referenceId: 'x' }],
    ['coins negative', { userId: user, coins: -5, referenceId: 'x' }],
    ['coins as a string', { userId: user, coins: '5', referenceId: 'x' }],
    ['no referenceId', { userId: user, coins: 5 }],
    ['no userId', { coins: 5, referenceId: 'x' }],
  ])('answers 400 to a debit with %s', async (_, body) => {
    const r = await call(sb, { path: '/debit', secret: prod().hubbleSecret, body });
    expect(r.status).toBe(400);
    expect(r.body.failureReason).toBe('INVALID_REQUEST');
  });

  it('reverses a debit once: the coins come back, a retry returns the same reversal', async () => {
    const referenceId = ref('reverse');
    const before = balance();
    await call(sb, { path: '/debit', secret: prod().hubbleSecret, body: { userId: user, coins: 7, referenceId } });
    const first = await call(sb, { path: '/reverse', secret: prod().hubbleSecret, body: { userId: user, referenceId, note: 'payment failed' } });
    expect(first.status).toBe(200);
    expect(first.body).toEqual({ status: 'SUCCESS', transactionId: expect.any(String), referenceId, balance: before });
    const retry = await call(sb, { path: '/reverse', secret: prod().hubbleSecret, body: { userId: user, referenceId } });
    expect(retry.body).toEqual(first.body);
    expect(balance()).toBe(before);
  });

  it('answers 404 to a reversal of an unknown referenceId, or of another user’s debit', async () => {
    const referenceId = ref('other-user');
    await call(sb, { path: '/debit', secret: prod().hubbleSecret, body: { userId: user, coins: 1, referenceId } });
    const unknown = await call(sb, { path: '/reverse', secret: prod().hubbleSecret, body: { userId: user, referenceId: ref('never') } });
    const otherUser = await call(sb, { path: '/reverse', secret: prod().hubbleSecret, body: { userId: 'test-user-456', referenceId } });
    expect([unknown.status, otherUser.status]).toEqual([404, 404]);
  });
});

describe('POST /webhook', () => {
  it('accepts a delivery signed with the webhook secret over the raw body', async () => {
    // Odd spacing on purpose: the signature covers these exact bytes, not re-serialised JSON.
    const raw = `{ "transactionReferenceId": "${ref('raw')}",  "orderStatus": "COMPLETED" }`;
    const r = await deliver(sb, raw, { with: prod().webhookSecret });
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ received: true, duplicate: false });
  });

  it.each([
    ['no signature', () => ({})],
    ['a wrong signature', () => ({ header: 'AAAA' })],
    ['the hubbleSecret as key', () => ({ with: prod().hubbleSecret })],
    ['the staging webhook secret', () => ({ with: sb.credentials.staging.webhookSecret })],
  ])('refuses %s with 401 and records nothing', async (_, signing) => {
    const before = sb.webhooks.deliveries.length;
    const r = await deliver(sb, transactionWebhook(ref('bad')), signing());
    expect(r.status).toBe(401);
    expect(sb.webhooks.deliveries.length).toBe(before);
  });

  it('refuses a body changed after signing', async () => {
    const body = JSON.stringify(transactionWebhook(ref('tampered')));
    const signature = signWebhook(body, prod().webhookSecret);
    const r = await deliver(sb, body.replace('1000', '9000'), { header: signature });
    expect(r.status).toBe(401);
  });

  it('acknowledges a repeated delivery but marks it duplicate (transactionReferenceId + orderStatus)', async () => {
    const id = ref('dup');
    const send = (status: 'COMPLETED' | 'REVERSED') => deliver(sb, transactionWebhook(id, status), { with: prod().webhookSecret });
    expect((await send('COMPLETED')).body).toEqual({ received: true, duplicate: false });
    expect((await send('COMPLETED')).body).toEqual({ received: true, duplicate: true });
    // Same transaction, new status: a new event.
    expect((await send('REVERSED')).body).toEqual({ received: true, duplicate: false });
    const keys = sb.webhooks.deliveries.filter((d) => d.key.includes(id)).map((d) => [d.key, d.duplicate]);
    expect(keys).toEqual([
      [`transaction:${id}:COMPLETED`, false],
      [`transaction:${id}:COMPLETED`, true],
      [`transaction:${id}:REVERSED`, false],
    ]);
  });

  it('answers 400 to a signed body that is not a JSON object', async () => {
    const r = await deliver(sb, '[1,2]', { with: prod().webhookSecret });
    expect(r.status).toBe(400);
  });
});

describe('HTTP hygiene', () => {
  it('answers 404 to an unknown route and 405 (with Allow) to a wrong method', async () => {
    const missing = await call(sb, { path: '/refund', secret: prod().hubbleSecret, body: {} });
    const wrongMethod = await call(sb, { method: 'GET', path: '/debit', secret: prod().hubbleSecret });
    expect(missing.status).toBe(404);
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.allow).toBe('POST');
  });

  it('refuses a body over 64 KiB with 413 without reading it all', async () => {
    const r = await call(sb, { path: '/debit', secret: prod().hubbleSecret, body: 'x'.repeat(70 * 1024) });
    expect(r.status).toBe(413);
  });

  it('answers every route in JSON', async () => {
    const r = await call(sb, { path: '/balance?userId=a', secret: new Secret('wrong') });
    expect(r.headers['content-type']).toMatch(/^application\/json/);
    expect(r.body).toMatchObject({ status: 'FAILED', failureReason: 'UNAUTHORIZED' });
  });
});
