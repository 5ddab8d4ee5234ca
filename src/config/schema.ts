import { z } from 'zod';

/** `${NAME}` and `${NAME:-default}` placeholders, resolved from the environment after validation. */
export const VAR_PATTERN = /\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}/g;
const hasVar = (v: string) => new RegExp(VAR_PATTERN.source).test(v);

export function isHttpUrl(value: string): boolean {
  try {
    const u = new URL(value);
    return (u.protocol === 'https:' || u.protocol === 'http:') && u.hostname !== '';
  } catch {
    return false;
  }
}

const text = z.string({ error: 'expected a string' });
/** A URL, or a ${VAR} that will hold one (checked again once resolved). */
const url = text.refine((v) => hasVar(v) || isHttpUrl(v), { error: 'expected an http(s) URL such as https://api.yourapp.com/hubble' });

export const environmentSchema = z.strictObject({
  /** staging | production; default: from the environment's name (production, prod, live -> production). */
  tier: z.enum(['staging', 'production']).optional(),
  /** Hubble's SDK host for this tier; default https://sdk.myhubble.money or https://sdk.dev.myhubble.money. */
  sdkBaseUrl: url.optional(),
  /** Hubble's API host for this tier; default https://api.myhubble.money or https://api.dev.myhubble.money. */
  apiBaseUrl: url.optional(),
  /** The partner identifier Hubble issued for this environment. */
  clientId: text.optional(),
  /** The secret that goes into the SDK URL. */
  appSecret: text.optional(),
  /** The X-Hubble-Secret Hubble sends on /sso, /balance, /debit and /reverse. */
  hubbleSecret: text.optional(),
  /** The key of the X-Verify HMAC on webhooks. */
  webhookSecret: text.optional(),
  /** The base URL Hubble calls /sso, /balance, /debit and /reverse under. */
  integrationBaseUrl: url.optional(),
  /** Where Hubble POSTs transaction and brand webhooks. */
  webhookUrl: url.optional(),
  /** classic (Hubble calls POST /sso) | jwt (the app passes a signed JWT) | none. */
  sso: z.enum(['classic', 'jwt', 'none']).default('classic'),
  /** Whether the partner hosts the coins endpoints /balance, /debit and /reverse. */
  coins: z.boolean({ error: 'expected true or false' }).default(false),
  /** A user whose balance coins.contract may read and change (with --allow-mutations). */
  testUserId: text.optional(),
  /** RS256 public key (PEM, or a path to a PEM file) that Hubble verifies SSO JWTs with (sso: jwt). */
  jwtPublicKey: text.optional(),
  /** Built or source directories source.scan reads, relative to the config file. */
  sourceDirs: z.array(text).optional(),
});

/** A window length: a whole number and s, m, h or d (15m, 1h, 1d). */
export const DURATION_PATTERN = /^[1-9][0-9]*(s|m|h|d)$/;
/** A share from 0 to 1 (0.9 = 90%). */
const share = z
  .number({ error: 'expected a number from 0 to 1, e.g. 0.9 for 90%' })
  .min(0, { error: 'expected a number from 0 to 1, e.g. 0.9 for 90%' })
  .max(1, { error: 'expected a number from 0 to 1, e.g. 0.9 for 90%' });
const count = z.int({ error: 'expected a whole number' }).min(1, { error: 'expected a whole number of at least 1' });
const factor = z.number({ error: 'expected a number' }).min(1, { error: 'expected a number of at least 1' });

/** Thresholds of `hubble-golive monitor`; every key is optional and has the default shown. */
export const monitorSchema = z.strictObject({
  /** Window length when --window is not given: a whole number and s, m, h or d; default 1h. */
  window: text.regex(DURATION_PATTERN, { error: 'expected a whole number and s, m, h or d, such as 15m, 1h or 1d' }).default('1h'),
  /** Share of malformed lines an input file may hold (skipped with a warning, at least 1 line) before monitor exits 2; default 0.01. */
  maxBadLineRate: share.default(0.01),
  /** Payment success rate, payment_success / payment_initiated. */
  payments: z
    .strictObject({
      /** Fail when a window's (or the whole range's) success rate is below this; default 0.9. */
      minSuccessRate: share.default(0.9),
      /** payment_initiated events a window needs before its rate can alert; default 20. */
      minSample: count.default(20),
    })
    .prefault({}),
  /** Webhook delivery success rate, from the --webhooks log. */
  webhooks: z
    .strictObject({
      /** Fail when a window's (or the whole range's) share of failed deliveries is above this; default 0.05. */
      maxFailureRate: share.default(0.05),
      /** Deliveries a window needs before its failure rate can alert; default 10. */
      minSample: count.default(10),
      /** Warn on any failed delivery, even below maxFailureRate; default true. */
      warnOnAnyFailure: z.boolean({ error: 'expected true or false' }).default(true),
    })
    .prefault({}),
  /** SSO error rate, from the --sso log. */
  sso: z
    .strictObject({
      /** Fail when a window's error rate is at least this many times that of the rest of the range; default 3. */
      spikeFactor: factor.default(3),
      /** ...and at least this much above it (0.05 = 5 percentage points); default 0.05. */
      minIncrease: share.default(0.05),
      /** SSO calls a window, and the rest of the range, need before a spike is judged; default 20. */
      minSample: count.default(20),
      /** Warn when the whole range's error rate is above this; default 0.1. */
      maxErrorRate: share.default(0.1),
    })
    .prefault({}),
  /** Voucher generation failure rate, fail / (success + fail), from SDK events or the --vouchers log. */
  vouchers: z
    .strictObject({
      /** Fail when the later half of the range's failure rate is at least this many times the earlier half's; default 2. */
      riseFactor: factor.default(2),
      /** ...and at least this much above it (0.02 = 2 percentage points); default 0.02. */
      minIncrease: share.default(0.02),
      /** Voucher outcomes each half, and each window, need before they are judged; default 20. */
      minSample: count.default(20),
      /** Warn when a window's (or the whole range's) failure rate is above this; default 0.05. */
      maxFailureRate: share.default(0.05),
    })
    .prefault({}),
});

/** A calendar date, YYYY-MM-DD. */
const date = text.regex(/^\d{4}-\d{2}-\d{2}$/, { error: 'expected a date as YYYY-MM-DD' }).refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)), {
  error: 'expected a real calendar date',
});

/** An accepted risk: a check's failures count as warnings, with the reason, until a date. */
export const waiverSchema = z.strictObject({
  /** The check id, or a prefix such as `tls`. */
  check: text.min(1, { error: 'expected a check id such as tls.protocol' }),
  /** Only this environment (default: every environment). */
  env: text.optional(),
  /** Why the risk is accepted, and who accepted it: shown in every report. */
  reason: text.min(10, { error: 'expected a reason of at least 10 characters (it is shown in every report)' }),
  /** Last day the waiver applies (YYYY-MM-DD); after it the failures count again. */
  expires: date,
});

/** A person's confirmation of a go-live step no probe can verify (checklist steps 2, 6, 7, 8). */
export const attestationSchema = z.strictObject({
  /** The step of Hubble's go-live guide, as `checklist` numbers them; only steps with a part no probe can verify (2, 6, 7, 8) are completed by it. */
  step: z.int({ error: 'expected a step number from 1 to 8' }).min(1, { error: 'expected a step number from 1 to 8' }).max(8, { error: 'expected a step number from 1 to 8' }),
  /** The environment it was done for. */
  env: text,
  /** Who confirmed it. */
  by: text.min(1, { error: 'expected a name' }),
  /** When (YYYY-MM-DD). */
  date,
  /** What was checked, e.g. a ticket or test run. */
  note: text.optional(),
});

export const configSchema = z.strictObject({
  /** Format version of this file; only 1 exists. */
  version: z.literal(1, { error: 'expected 1' }),
  /** Named environments, for example staging and production. */
  environments: z
    .record(
      z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, { error: 'environment names are letters, digits, "-", "_" and "."' }),
      environmentSchema,
      { error: 'expected a map of environment names to settings' },
    )
    .refine((envs) => Object.keys(envs).length > 0, { error: 'expected at least one environment' }),
  /** Extra checks: paths of ES modules, relative to this file, each exporting a defineCheck() result. */
  plugins: z.array(text).optional(),
  /** Alert thresholds of `hubble-golive monitor` (post-launch metrics); defaults apply when absent. */
  monitor: monitorSchema.optional(),
  /** Accepted risks: a check's failures count as warnings, with the reason, until the waiver expires. */
  waivers: z.array(waiverSchema).optional(),
  /** Confirmations of manual go-live steps, shown by `checklist`. */
  attestations: z.array(attestationSchema).optional(),
});

export type Waiver = z.infer<typeof waiverSchema>;
export type Attestation = z.infer<typeof attestationSchema>;

export type RawConfig = z.infer<typeof configSchema>;
export type RawEnvironment = z.infer<typeof environmentSchema>;
export type MonitorThresholds = z.infer<typeof monitorSchema>;
