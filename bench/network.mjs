// A full network check (sdk.reachable, network.reachability, tls.protocol, tls.certificate, through
// the real engine and HTTP client) against loopback endpoints that each answer after 300 ms.
// Probes go out at once, so the run's wall time should be close to its slowest probe: target
// wall / slowest probe <= 1.3. Also records peak memory. Writes docs/PERFORMANCE.md (section network).
//
//   node bench/network.mjs
import { loadavg } from 'node:os';
import { machine, median, writeSection } from './lib.mjs';
import { importTs, startServerChild } from './ts-import.mjs';

const DELAY_MS = 300;
const RUNS = Number(process.env.BENCH_RUNS ?? 10);

if (process.argv.includes('--serve')) {
  const h = await importTs(
    "export { startPartnerServer, startHttps, delayed, answer } from './test/helpers/servers.ts'; export { testCa } from './test/helpers/certs.ts';",
    'network-servers',
  );
  const ca = await h.testCa();
  const partner = await h.startPartnerServer({ host: 'api.acme-rewards.com', delayMs: DELAY_MS, ca });
  const sdk = await h.startHttps({ host: 'sdk.myhubble.money', handler: h.delayed(DELAY_MS, h.answer(200, { 'content-type': 'text/html' }, '<html></html>')) });
  const api = await h.startHttps({ host: 'api.myhubble.money', handler: h.delayed(DELAY_MS, h.answer(404)) });
  const servers = [partner, sdk, api];
  process.send({
    caPem: ca.certPem,
    integrationBaseUrl: partner.integrationBaseUrl,
    webhookUrl: partner.webhookUrl,
    sdkBaseUrl: sdk.url(),
    apiBaseUrl: api.url(),
    rules: servers.map((s) => s.rule),
  });
  process.on('message', async () => {
    await Promise.all(servers.map((s) => s.close()));
    process.exit(0);
  });
} else {
  await main();
}

async function main() {
  const m = await importTs(
    [
      "export { netConfig, netSettings, runNetworkChecks } from './test/helpers/net-context.ts';",
      "export { default as sdkReachable } from './checks/sdk-reachable.ts';",
      "export { default as networkReachability } from './checks/network-reachability.ts';",
      "export { default as tlsProtocol } from './checks/tls-protocol.ts';",
      "export { default as tlsCertificate } from './checks/tls-certificate.ts';",
    ].join('\n'),
    'network-checks',
  );
  const checks = [m.sdkReachable, m.networkReachability, m.tlsProtocol, m.tlsCertificate];
  const child = await startServerChild(import.meta.url);
  const env = child.ready;
  const { config, envName } = m.netConfig({ integrationBaseUrl: env.integrationBaseUrl, webhookUrl: env.webhookUrl, sdkBaseUrl: env.sdkBaseUrl, apiBaseUrl: env.apiBaseUrl, coins: true });

  // Memory: sampled every 5 ms across the measured runs, and the OS's peak for the process.
  const baseline = process.memoryUsage();
  let peakRss = baseline.rss;
  let peakHeap = baseline.heapUsed;
  const sampler = setInterval(() => {
    const u = process.memoryUsage();
    peakRss = Math.max(peakRss, u.rss);
    peakHeap = Math.max(peakHeap, u.heapUsed);
  }, 5);

  const rows = [];
  try {
    for (let i = 0; i <= RUNS; i++) {
      // A fresh net settings object per run, as each CLI run has (the TLS probe cache is per run).
      const net = m.netSettings({ timeoutMs: 10_000, rules: env.rules, caPem: env.caPem });
      const { results, wallMs } = await m.runNetworkChecks({ checks, config, envName, net });
      const statuses = results.map((r) => `${r.id}:${r.status}`);
      if (results.some((r) => r.status !== 'pass')) throw new Error(`expected every check to pass: ${statuses.join(' ')}\n${JSON.stringify(results, null, 1)}`);
      const probes = results.flatMap((r) => r.findings.map((f) => f.evidence?.timings?.totalMs ?? f.evidence?.probeMs).filter((x) => typeof x === 'number'));
      const slowest = Math.max(...probes);
      const sum = probes.reduce((a, b) => a + b, 0);
      if (i > 0) rows.push({ wallMs, slowest, sum, probes: probes.length }); // run 0 warms up
    }
  } finally {
    clearInterval(sampler);
    await child.stop();
  }
  const maxRssOs = process.resourceUsage().maxRSS * 1024;
  const ratios = rows.map((r) => r.wallMs / r.slowest);
  const mb = (b) => (b / 2 ** 20).toFixed(1);
  const worst = Math.max(...ratios);
  const md = [
    '## Network checks, all at once (`bench/network.mjs`)',
    '',
    `The four network checks through the real engine and HTTP client (--timeout 10000, --concurrency 16) against loopback https endpoints that`,
    `each answer after ${DELAY_MS} ms: POST /sso, GET /balance, POST /debit, POST /reverse, POST webhook, and Hubble's SDK and API hosts`,
    `(7 HTTP probes) plus 5 TLS handshakes for the partner origin. Servers in a child process; ${RUNS} runs after one warm-up;`,
    `${machine()}, load average ${loadavg()[0].toFixed(1)} when done.`,
    '',
    '| | median | worst |',
    '| --- | ---: | ---: |',
    `| wall time of the run (ms) | ${median(rows.map((r) => r.wallMs)).toFixed(0)} | ${Math.max(...rows.map((r) => r.wallMs)).toFixed(0)} |`,
    `| slowest single probe (ms) | ${median(rows.map((r) => r.slowest)).toFixed(0)} | ${Math.max(...rows.map((r) => r.slowest)).toFixed(0)} |`,
    `| wall / slowest probe | ${median(ratios).toFixed(2)} | ${worst.toFixed(2)} |`,
    `| sum of all probes (a sequential run, ms) | ${median(rows.map((r) => r.sum)).toFixed(0)} | ${Math.max(...rows.map((r) => r.sum)).toFixed(0)} |`,
    '',
    `Target: wall / slowest probe <= 1.3: worst **${worst.toFixed(2)}, ${worst <= 1.3 ? 'met' : 'NOT met'}**.`,
    `Memory of the checking process: RSS ${mb(baseline.rss)} MB after loading, peak ${mb(peakRss)} MB while running (OS peak ${mb(maxRssOs)} MB); ` +
      `JS heap ${mb(baseline.heapUsed)} MB -> peak ${mb(peakHeap)} MB.`,
  ].join('\n');
  writeSection('network', md);
  console.log(md);
  process.exitCode = worst <= 1.3 ? 0 : 1;
}
