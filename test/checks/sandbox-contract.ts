// Runs checks through the real engine against the sandbox partner (src/sandbox) with its --faults:
// the same servers `demo --faults …` uses, loopback only.
import { parseConfig } from '../../src/config/load.js';
import type { CheckDefinition, CheckResult } from '../../src/engine/check.js';
import { runChecks } from '../../src/engine/run.js';
import { applyPolicy } from '../../src/engine/verdict.js';
import { createHttpClient } from '../../src/net/http.js';
import { parseResolve } from '../../src/net/resolve.js';
import { credentialVariables, sandboxConfigYaml } from '../../src/sandbox/config-snippet.js';
import { startSandbox, type Sandbox } from '../../src/sandbox/server.js';
import { runOptions } from '../helpers/net-context.js';

export interface SandboxRun {
  sandbox: Sandbox;
  results: Record<string, CheckResult>;
  /** The sandbox's secret values (production and staging): none may show up in a result. */
  secrets: string[];
  wallMs: number;
}

/** Starts a sandbox with `faults`, runs `checks` against its production environment as `demo` does, and stops it. */
export async function runAgainstSandbox(
  checks: readonly CheckDefinition[],
  faults: string,
  o: { timeoutMs?: number; allowMutations?: boolean; ssoToken?: boolean; concurrency?: number } = {},
): Promise<SandboxRun> {
  const sandbox = await startSandbox({ faults });
  try {
    const variables = credentialVariables(sandbox.credentials);
    const config = parseConfig(sandboxConfigYaml(sandbox), '/virtual/hubble.config.yaml', { env: variables });
    const timeoutMs = o.timeoutMs ?? 3000;
    const concurrency = o.concurrency ?? 16;
    const net = { timeoutMs, resolve: [parseResolve(sandbox.resolveRule)], ca: [sandbox.ca] };
    const started = performance.now();
    const raw = await runChecks({
      config,
      envName: 'production',
      checks,
      options: runOptions(timeoutMs, { allowMutations: !!o.allowMutations, concurrency, ...(o.ssoToken ? { ssoToken: sandbox.testToken } : {}) }),
      http: createHttpClient({ timeoutMs, resolve: net.resolve, ca: net.ca, concurrency }),
      net,
    });
    const wallMs = performance.now() - started;
    const results = applyPolicy(raw, { tier: 'production', strict: false });
    const secrets = Object.entries(variables).filter(([k]) => !/CLIENT_ID/.test(k)).map(([, v]) => v);
    return { sandbox, results: Object.fromEntries(results.map((r) => [r.id, r])), secrets, wallMs };
  } finally {
    await sandbox.close();
  }
}
