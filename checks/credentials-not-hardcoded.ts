import { SECRET_KEYS, type ResolvedEnvironment, type SecretKey } from '../src/config/types.js';
import { defineCheck, fail, pass, skip, type Finding } from '../src/engine/check.js';
import { keyTarget, secretEvidence, suggestedVar, varRefs } from '../src/hubble/environments.js';

/**
 * credentials.not-hardcoded: appSecret, hubbleSecret and webhookSecret come from ${VAR}s, not from
 * text in the file. `configPath` is the file as the user named it, for `hubble.config.yaml:14`.
 * Production-only rule: relaxOnStaging makes it a warning on staging.
 */
export function judgeHardcoded(env: ResolvedEnvironment, configPath: string): Finding[] {
  const findings: Finding[] = [];
  const fromEnv: SecretKey[] = [];
  for (const key of SECRET_KEYS) {
    const source = env.sources[key];
    if (!source) continue;
    if (source.from === 'env') {
      fromEnv.push(key);
      continue;
    }
    const secret = env[key];
    // An empty literal holds no secret; credentials.present reports it as empty.
    if (source.from === 'literal' && (secret === undefined || secret.reveal().trim() === '')) continue;
    const location = `${configPath}:${source.line}`;
    const variable = source.vars[0] ?? suggestedVar(env, key);
    const how =
      source.from === 'literal'
        ? `is written in ${location} as a literal value`
        : `in ${location} mixes text written in the file with ${varRefs(source.vars)}, so part of the secret is in the file`;
    findings.push(
      fail(`${env.name} ${key} ${how}; secrets must come from the environment${secret ? ` (${secret.length} characters, sha256:${secret.fingerprint})` : ''}`, {
        target: keyTarget(env, key),
        evidence: { file: configPath, line: source.line, from: source.from, ...(secret ? secretEvidence(secret) : {}) },
        fix:
          `Write "${key}: \${${variable}}" at ${location} and keep the value in your secrets manager or CI secret store as ${variable}. ` +
          'If the file was ever committed or shared, the value is exposed: ask Hubble to rotate it.',
        relaxOnStaging: true,
      }),
    );
  }
  if (fromEnv.length > 0) {
    const list = fromEnv.map((k) => `${k} from ${varRefs(env.sources[k]!.vars)}`).join(', ');
    findings.push(pass(`${env.name} secrets come from the environment: ${list}`, { evidence: { fromEnvironment: fromEnv } }));
  }
  if (findings.length === 0) {
    findings.push(skip(`${env.name} has no appSecret, hubbleSecret or webhookSecret value in the file to judge; credentials.present reports missing ones`));
  }
  return findings;
}

export default defineCheck({
  id: 'credentials.not-hardcoded',
  title: 'Secrets come from the environment, not the config file',
  network: false,
  explain: {
    verifies:
      'That appSecret, hubbleSecret and webhookSecret are written in hubble.config.yaml as ${VAR} references, not as literal values ' +
      '(or as text mixed with a variable). Each offending key is named with its file and line. clientId is an identifier, not a secret, and may be written in the file. ' +
      'Fails on production; on staging the same finding is a warning.',
    why:
      'A config file is committed, copied into CI logs, attached to tickets and shared with colleagues. Hubble\'s go-live guide asks to ' +
      '"store production credentials in environment variables or a secrets manager; never hardcode them". A production appSecret or ' +
      'X-Hubble-Secret in a file lets anyone with the repository open the SDK as you or call your coins endpoints as Hubble.',
    fixes: [
      'Replace the literal with a reference, e.g. hubbleSecret: ${HUBBLE_SECRET}, and set the variable in your secrets manager, CI secret store or a local --env-file that is not committed.',
      'If the file with the literal was ever committed or shared, treat the secret as exposed and ask Hubble to rotate it.',
      'Mixed value (text plus ${VAR}): move the whole value into the variable.',
    ],
  },
  run(ctx) {
    return judgeHardcoded(ctx.env, ctx.config.path);
  },
});
