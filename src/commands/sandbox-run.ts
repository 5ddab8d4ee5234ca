import { sandboxConfigYaml, envFileText, credentialVariables } from '../sandbox/config-snippet.js';
import { describeFaults, parseFaults } from '../sandbox/faults.js';
import type { RequestRecord } from '../sandbox/partner.js';
import { startSandbox, type Sandbox } from '../sandbox/server.js';
import { onStopSignal } from '../sandbox/signals.js';
import { createTempDir } from '../sandbox/temp-dir.js';
import type { SandboxCliOptions } from './sandbox.js';

/** `sandbox`: serve until SIGINT/SIGTERM, then close the server and remove the temp dir. Returns the exit code. */
export async function runSandboxCommand(opts: SandboxCliOptions): Promise<number> {
  const faults = parseFaults(opts.faults);
  const dir = createTempDir('hubble-golive-sandbox-');
  let sandbox: Sandbox | undefined;
  try {
    sandbox = await startSandbox({ port: opts.port, host: opts.host, faults, onRequest: logRequest });
    const files = {
      ca: dir.write('ca.pem', sandbox.ca, 0o644),
      config: dir.write('hubble.config.yaml', sandboxConfigYaml(sandbox), 0o644),
      env: dir.write('.env', envFileText(sandbox.credentials)),
    };
    process.stdout.write(describe(sandbox, files, dir.path));
    await new Promise<void>((resolve) => onStopSignal(() => resolve()));
    process.stdout.write('Stopping: sandbox closed, temporary files removed.\n');
    return 0;
  } finally {
    await sandbox?.close();
    dir.remove();
  }
}

function describe(s: Sandbox, files: { ca: string; config: string; env: string }, dir: string): string {
  const secret = s.credentials.production.hubbleSecret.reveal();
  const curl = `curl --cacert ${files.ca} --resolve ${s.resolveRule}`;
  const indent = (text: string) => text.trimEnd().split('\n').map((l) => `  ${l}`).join('\n');
  return `hubble-golive sandbox partner listening on ${s.loopbackOrigin} (faults: ${describeFaults(s.faults)})

  integrationBaseUrl  ${s.url}
  webhookUrl          ${s.webhookUrl}
  routes              POST /sso, GET /balance?userId=, POST /debit, POST /reverse (X-Hubble-Secret),
                      POST /webhook (X-Verify)
  certificate         names ${s.hostname}, localhost and 127.0.0.1; CA in ${files.ca}
  test user           ${s.testUserId} (${s.ledger.balance(s.testUserId)} coins)
  SSO token           ${s.testToken}

Throwaway credentials of this sandbox, dead when it stops (also in ${files.env}):
${indent(Object.entries(credentialVariables(s.credentials)).map(([k, v]) => `${k}=${v}`).join('\n'))}

hubble.config.yaml (written to ${files.config}):
${indent(sandboxConfigYaml(s))}

Check it, from another terminal (${s.hostname} is mapped to ${s.address} with --resolve):
  hubble-golive check --env production --config ${files.config} --env-file ${files.env} \\
    --resolve ${s.resolveRule} --ca ${files.ca} --allow-mutations --skip sdk.reachable

Or call it by hand:
  ${curl} -H 'X-Hubble-Secret: ${secret}' -H 'Content-Type: application/json' \\
    -d '{"token":"${s.testToken}"}' ${s.url}/sso
  ${curl} -H 'X-Hubble-Secret: ${secret}' '${s.url}/balance?userId=${s.testUserId}'

Requests are logged below. Ctrl+C stops the sandbox and removes ${dir}.
`;
}

/** One line a request on stderr: never a header value, only which secret it carried. */
function logRequest(r: RequestRecord): void {
  const time = new Date().toISOString().slice(11, 19);
  const status = r.status === 'none' ? 'no answer (hang)' : String(r.status);
  const secret = r.secret === 'not required' ? '' : `  secret ${r.secret}`;
  process.stderr.write(`${time} ${r.method} ${r.path}  ${status}${secret}  ${r.durationMs} ms\n`);
}
