import type { EnvironmentKey, ResolvedEnvironment, ValueSource } from '../src/config/types.js';
import { defineCheck, fail, pass, skip, warn, type Finding } from '../src/engine/check.js';
import { fingerprint, MIN_SECRET_LENGTH } from '../src/engine/secret.js';
import { keyTarget, suggestedVar, varRefs } from '../src/hubble/environments.js';
import { placeholderKind } from '../src/hubble/placeholders.js';

export const CREDENTIAL_KEYS = ['clientId', 'appSecret', 'hubbleSecret', 'webhookSecret'] as const;
export type CredentialKey = (typeof CREDENTIAL_KEYS)[number];

/** Keys that are not credentials but may hold a ${VAR}; nothing else reports those unset. */
const OTHER_VAR_KEYS = ['sdkBaseUrl', 'apiBaseUrl', 'integrationBaseUrl', 'webhookUrl', 'jwtPublicKey', 'testUserId', 'sourceDirs'] as const;

/** Why this environment needs a credential, or undefined when it does not (SPEC section 3). */
export function credentialNeed(env: ResolvedEnvironment, key: CredentialKey): string | undefined {
  switch (key) {
    case 'clientId':
      return 'it identifies you in the SDK URL';
    case 'appSecret':
      return 'it goes into the SDK URL';
    case 'hubbleSecret': {
      const routes = [env.sso === 'classic' ? '/sso' : undefined, ...(env.coins ? ['/balance', '/debit', '/reverse'] : [])].filter(Boolean);
      if (routes.length === 0) return undefined;
      const why = [env.sso === 'classic' ? 'sso: classic' : undefined, env.coins ? 'coins: true' : undefined].filter(Boolean).join(', ');
      return `Hubble sends it as X-Hubble-Secret on ${routes.join(', ')} (${why})`;
    }
    case 'webhookSecret':
      return env.webhookUrl !== undefined || env.sources.webhookUrl ? 'it verifies the X-Verify signature of webhooks sent to webhookUrl' : undefined;
  }
}

/** Whether an unset variable in a non-credential key breaks something (fail) or only an option (warn). */
function otherKeyNeeded(env: ResolvedEnvironment, key: (typeof OTHER_VAR_KEYS)[number]): boolean {
  switch (key) {
    case 'sdkBaseUrl':
    case 'apiBaseUrl':
    case 'webhookUrl':
      return true;
    case 'integrationBaseUrl':
      return env.sso === 'classic' || env.coins;
    case 'jwtPublicKey':
      return env.sso === 'jwt';
    default:
      return false;
  }
}

function rawValue(env: ResolvedEnvironment, key: CredentialKey): string | undefined {
  return key === 'clientId' ? env.clientId : env[key]?.reveal();
}

/** Where a value came from, for messages: `from ${HUBBLE_APP_SECRET}` or `written in the file`. */
function origin(source: ValueSource | undefined): string {
  if (!source) return '';
  if (source.from === 'env') return ` from ${varRefs(source.vars)}`;
  if (source.from === 'mixed') return ` from text and ${varRefs(source.vars)}`;
  return ` in the file (line ${source.line})`;
}

/** `a trailing newline`, `leading whitespace`, …; undefined when the value has none around it. */
export function surroundingWhitespace(value: string): string | undefined {
  if (value === value.trim()) return undefined;
  const leading = value !== value.trimStart();
  const tail = value.slice(value.trimEnd().length);
  if (!leading && /^(\r?\n)+$/.test(tail)) return 'a trailing newline';
  if (!leading && /^\r+$/.test(tail)) return 'a trailing carriage return (Windows line ending)';
  if (leading && tail) return 'whitespace at both ends';
  return leading ? 'leading whitespace' : 'trailing whitespace';
}

/**
 * credentials.present: every credential this environment needs is set to something that looks
 * real, and no ${VAR} of the environment is unset. Secret values are only described by length and
 * fingerprint.
 */
export function judgeCredentials(env: ResolvedEnvironment): Finding[] {
  const findings: Finding[] = [];
  for (const key of CREDENTIAL_KEYS) {
    const need = credentialNeed(env, key);
    const source = env.sources[key];
    const value = rawValue(env, key);
    const target = keyTarget(env, key);
    const isSecret = key !== 'clientId';
    const variable = source?.vars[0] ?? suggestedVar(env, key);
    const report = need ? fail : warn;
    const needText = need ? `; it is required because ${need}` : `; ${env.name} does not need it, but it is configured`;

    if (source === undefined && value === undefined) {
      if (need) {
        findings.push(
          fail(`${key} is missing from environments.${env.name}${needText}`, {
            target,
            fix: `Add "${key}: \${${variable}}" under environments.${env.name} and set ${variable} to the ${env.tier} ${key} Hubble issued (integration portal).`,
          }),
        );
      } else {
        findings.push(skip(`${key} not needed: ${notNeededReason(env, key)}`, { target }));
      }
      continue;
    }
    if (source && source.unsetVars.length > 0) {
      findings.push(
        report(`${key}: ${varRefs(source.unsetVars)} ${source.unsetVars.length > 1 ? 'are' : 'is'} not set, so ${key} has no value${needText}`, {
          target,
          evidence: { variables: source.unsetVars, line: source.line },
          fix: `Set ${source.unsetVars.join(', ')} in the environment this runs in (or in the file passed with --env-file) to the ${env.tier} ${key}.`,
        }),
      );
      continue;
    }
    if (value === undefined) continue; // cannot happen: a key without unset variables has a value
    const shown = isSecret ? `(${value.length} characters, sha256:${fingerprint(value)})` : JSON.stringify(value);
    const evidence = {
      ...(source ? { from: source.from, variables: source.vars, line: source.line } : {}),
      length: value.length,
      ...(isSecret ? { sha256: fingerprint(value) } : { value }),
    };
    const whereSet = source?.from === 'literal' ? `in the config file (line ${source.line})` : `where ${variable} is set`;

    if (value.trim() === '') {
      const what = value === '' ? 'empty' : 'only whitespace';
      const via = source && source.from === 'env' ? ` (${varRefs(source.vars)} is set but ${what})` : '';
      findings.push(
        report(`${key} is ${what}${via}${needText}`, {
          target,
          evidence,
          fix: `Put the ${env.tier} ${key} Hubble issued ${whereSet}.`,
        }),
      );
      continue;
    }
    const placeholder = placeholderKind(value);
    if (placeholder) {
      findings.push(
        report(`${key}${isSecret ? '' : ` ${shown}`}${origin(source)} looks like a placeholder, not a real ${key}: ${placeholder}${isSecret ? ` ${shown}` : ''}`, {
          target,
          evidence,
          fix: `Replace it ${whereSet} with the ${env.tier} ${key} Hubble issued (integration portal).`,
        }),
      );
      continue;
    }
    const whitespace = surroundingWhitespace(value);
    if (whitespace) {
      const trimmed = value.trim().length;
      findings.push(
        report(`${key}${origin(source)} has ${whitespace} (${value.length} characters, ${trimmed} without it); the exact value is compared, so it will not match`, {
          target,
          evidence: { ...evidence, trimmedLength: trimmed },
          fix:
            whitespace === 'a trailing newline'
              ? `Remove the trailing newline ${whereSet}: values written with echo or saved from an editor keep one; use printf '%s' or echo -n.`
              : `Remove the ${whitespace.replace(/^an? /, '')} ${whereSet}.`,
        }),
      );
      continue;
    }
    if (isSecret && value.length < MIN_SECRET_LENGTH) {
      findings.push(
        warn(`${key}${origin(source)} is only ${value.length} characters ${shown}; Hubble's secrets are long random values, so this is likely a placeholder or a truncated copy`, {
          target,
          evidence,
          fix: `Check ${whereSet} that the whole ${env.tier} ${key} from Hubble's integration portal was copied. (A value this short cannot be masked safely in output either.)`,
        }),
      );
      continue;
    }
    findings.push(pass(`${key} is set${origin(source)} ${shown}`, { target, evidence }));
  }

  for (const key of OTHER_VAR_KEYS) {
    const source = env.sources[key];
    if (!source || source.unsetVars.length === 0) continue;
    const needed = otherKeyNeeded(env, key);
    const defaultNote = key === 'sdkBaseUrl' || key === 'apiBaseUrl' ? ` (the default host is only used when ${key} is left out)` : '';
    findings.push(
      (needed ? fail : warn)(`${key}: ${varRefs(source.unsetVars)} ${source.unsetVars.length > 1 ? 'are' : 'is'} not set, so ${key} has no value${defaultNote}`, {
        target: keyTarget(env, key),
        evidence: { variables: source.unsetVars, line: source.line },
        fix: `Set ${source.unsetVars.join(', ')} in the environment this runs in (or in the file passed with --env-file), or remove ${key} from environments.${env.name}.`,
      }),
    );
  }
  return findings;
}

function notNeededReason(env: ResolvedEnvironment, key: EnvironmentKey): string {
  if (key === 'webhookSecret') return 'no webhookUrl is configured';
  return `sso is ${env.sso} and coins is ${env.coins ? 'on' : 'off'}, so Hubble calls none of your endpoints`;
}

export default defineCheck({
  id: 'credentials.present',
  title: 'Credentials are set',
  network: false,
  explain: {
    verifies:
      'That the environment has every credential it needs, each set to a real-looking value: clientId and appSecret always; ' +
      'hubbleSecret (the X-Hubble-Secret) when sso is classic or coins is on; webhookSecret when webhookUrl is set. ' +
      'A value fails when the key is missing, empty, comes from a ${VAR} that is not set, looks like a placeholder ' +
      '(changeme, xxx, <...>, your-..., TODO and the like) or has whitespace around it such as a trailing newline. ' +
      'It also reports any other ${VAR} of the environment (a URL, testUserId, ...) that is not set. Secret values are never shown: only their length and an 8-character SHA-256 fingerprint.',
    why:
      'Hubble compares credentials byte for byte. A missing or placeholder secret, or one with a stray newline from `echo` or a ' +
      'secrets manager, fails only once real users open the SDK or Hubble calls your endpoints, which is the most expensive moment to find out.',
    fixes: [
      'Missing key: add it under the environment as a ${VAR} reference, e.g. appSecret: ${HUBBLE_APP_SECRET}, and set the variable.',
      'Unset variable: export it in the shell or CI job that runs hubble-golive, or pass --env-file FILE; the message names the variable.',
      'Placeholder or empty value: replace it with the value from Hubble\'s integration portal for this tier (production and staging values differ).',
      'Trailing newline or spaces: store the value without them (printf \'%s\' value, echo -n, or trim it in your secrets manager).',
    ],
  },
  run(ctx) {
    return judgeCredentials(ctx.env);
  },
});
