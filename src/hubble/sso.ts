import { z } from 'zod';

/**
 * The body of a successful classic `POST /sso` (HUBBLE.md 2a): `userId` is a string and must be
 * present for a valid token; the rest are optional. `null` is accepted for the optional fields
 * (a JSON backend's way of leaving one out); unknown fields are allowed.
 */
export const ssoSuccessSchema = z.looseObject({
  /** The partner's id of the user; "must be present for a valid token". */
  userId: z.string({ error: 'expected a string' }).min(1, { error: 'expected a non-empty string' }),
  email: z.string({ error: 'expected a string' }).nullish(),
  firstName: z.string({ error: 'expected a string' }).nullish(),
  lastName: z.string({ error: 'expected a string' }).nullish(),
  phoneNumber: z.string({ error: 'expected a string' }).nullish(),
  /** Segmentation, eligibility and feature access. */
  cohorts: z.array(z.string({ error: 'expected a string' }), { error: 'expected a list of strings' }).nullish(),
});

export type SsoSuccess = z.infer<typeof ssoSuccessSchema>;

/** The documented fields of a success body, for evidence (names and JSON types only, never values). */
export const SSO_FIELDS = ['userId', 'email', 'firstName', 'lastName', 'phoneNumber', 'cohorts'] as const;

/** The JSON type of each key of a body: `{ userId: 'string', cohorts: 'array' }`. Values never leave here. */
export function fieldTypes(body: unknown): Record<string, string> {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return {};
  return Object.fromEntries(
    Object.entries(body as Record<string, unknown>).map(([k, v]) => [k, v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v]),
  );
}

/** What an SSO answer says about the user: a non-empty string userId means "authenticated". */
export function authenticatedUserId(body: unknown): string | undefined {
  if (!body || typeof body !== 'object') return undefined;
  const id = (body as { userId?: unknown }).userId;
  return typeof id === 'string' && id.length > 0 ? id : undefined;
}

/** The token Hubble's staging notes say works "while Mock SSO is on" (HUBBLE.md 1, P5). */
export const MOCK_SSO_TOKEN = 'mock-token';

/** JWT SSO (HUBBLE.md 2b): RS256 only, `exp = iat + 60`, `iss` = the partner's clientId. */
export const JWT_SSO = { algorithm: 'RS256', lifetimeSeconds: 60 } as const;
