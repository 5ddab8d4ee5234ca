import { createHash, randomBytes } from 'node:crypto';

/** The profile `/sso` returns for a user (HUBBLE.md 2a): userId required, the rest optional. */
export interface SsoProfile {
  userId: string;
  email?: string;
  firstName?: string;
  lastName?: string;
  phoneNumber?: string;
  cohorts?: string[];
}

export interface TestUser extends SsoProfile {
  /** Coins the user holds when the sandbox starts. */
  coins: number;
}

/** The sandbox's users. The first one is the one whose token `demo` and `sandbox` print. */
export const TEST_USERS: readonly TestUser[] = [
  {
    userId: 'test-user-123',
    email: 'testuser@example.com',
    firstName: 'Test',
    lastName: 'User',
    phoneNumber: '9876543210',
    cohorts: ['premium', 'beta'],
    coins: 1000,
  },
  { userId: 'test-user-456', firstName: 'Second', phoneNumber: '9123456780', coins: 50 },
];

const DAY_MS = 86_400_000;

/**
 * The partner's own login tokens, which the app puts in the SDK URL and Hubble sends to `/sso`.
 * Tokens are random and opaque; only their SHA-256 is kept, so lookups do not compare the
 * secret value byte by byte and a memory dump does not leak usable tokens.
 */
export class TokenIssuer {
  readonly #byHash = new Map<string, { userId: string; expiresAt: number }>();

  /** Issues a token for a user, valid for `ttlMs` (default a day, like a Hubble session). */
  issue(userId: string, ttlMs = DAY_MS): string {
    const token = `sbx_${randomBytes(24).toString('base64url')}`;
    this.#byHash.set(hash(token), { userId, expiresAt: Date.now() + ttlMs });
    return token;
  }

  /** The user a token was issued to, or undefined when it is unknown or expired. */
  userFor(token: string): string | undefined {
    const entry = this.#byHash.get(hash(token));
    if (!entry) return undefined;
    if (entry.expiresAt <= Date.now()) {
      this.#byHash.delete(hash(token));
      return undefined;
    }
    return entry.userId;
  }
}

function hash(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** Only the documented fields, with no undefined values. */
export function profileOf(user: SsoProfile): SsoProfile {
  const { userId, email, firstName, lastName, phoneNumber, cohorts } = user;
  return Object.fromEntries(
    Object.entries({ userId, email, firstName, lastName, phoneNumber, cohorts }).filter(([, v]) => v !== undefined),
  ) as unknown as SsoProfile;
}
