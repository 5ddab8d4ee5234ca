import { credentialVariables, sandboxConfigYaml } from '../sandbox/config-snippet.js';
import { describeFaults, parseFaults } from '../sandbox/faults.js';
import { startSandbox, type Sandbox } from '../sandbox/server.js';
import { exitCodeForSignal, onStopSignal } from '../sandbox/signals.js';
import { createTempDir } from '../sandbox/temp-dir.js';
import { emitReport, produceReport } from './check-run.js';
import type { DemoCliOptions } from './demo.js';
import { DEFAULT_CONCURRENCY } from './options.js';

/**
 * Checks that need the internet (not the sandbox), which the demo leaves out and reports as
 * skipped with this reason: the demo must give the same answer on a plane.
 */
export const NEEDS_INTERNET: Readonly<Record<string, string>> = {
  'sdk.reachable': "needs the internet (Hubble's own hosts); the demo runs offline against its loopback sandbox",
};

/**
 * `demo`: sandbox up, temporary config, `check --env production` against it, report, and
 * everything torn down on every path (a signal included). Returns check's exit code.
 */
export async function runDemo(opts: DemoCliOptions): Promise<number> {
  const faults = parseFaults(opts.faults);
  const dir = createTempDir('hubble-golive-demo-');
  let sandbox: Sandbox | undefined;
  let restoreEnv: (() => void) | undefined;
  const removeSignalHandlers = onStopSignal((signal) => {
    // Interrupted mid-run: probes may be in flight for seconds; clean up now and go.
    restoreEnv?.();
    void sandbox?.close();
    dir.remove();
    process.exit(exitCodeForSignal(signal));
  });
  try {
    sandbox = await startSandbox({ faults });
    const caFile = dir.write('sandbox-ca.pem', sandbox.ca, 0o644);
    const configFile = dir.write('hubble.config.yaml', sandboxConfigYaml(sandbox), 0o644);
    // The config reads the credentials from ${VAR}s, as a real one should; they live only in this process.
    restoreEnv = setVariables(credentialVariables(sandbox.credentials));
    process.stderr.write(
      `hubble-golive demo: sandbox partner ${sandbox.url} served on ${sandbox.address}:${sandbox.port} ` +
        `(fresh CA, throwaway credentials, faults: ${describeFaults(faults)}); running check --env production against it\n`,
    );

    const { report, redact } = await produceReport({
      env: 'production',
      config: configFile,
      format: opts.format,
      output: opts.output,
      only: opts.only,
      skip: opts.skip,
      strict: opts.strict,
      offline: false,
      timeout: opts.timeout,
      concurrency: DEFAULT_CONCURRENCY,
      resolve: [sandbox.resolveRule],
      ca: [caFile],
      // The sandbox is throwaway: let coins.contract and webhook.signature send what they would not to a real partner.
      allowMutations: true,
      source: [],
      // A token the sandbox issued, so sso.contract checks the success shape too.
      ssoToken: sandbox.testToken,
      verbose: opts.verbose,
      unavailable: NEEDS_INTERNET,
    });
    return emitReport(report, redact, opts);
  } finally {
    removeSignalHandlers();
    restoreEnv?.();
    await sandbox?.close();
    dir.remove();
  }
}

/** Sets process environment variables; returns a function that puts the previous values back. */
function setVariables(vars: Record<string, string>): () => void {
  const previous = Object.fromEntries(Object.keys(vars).map((k) => [k, process.env[k]]));
  Object.assign(process.env, vars);
  return () => {
    for (const [k, v] of Object.entries(previous)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  };
}
