import { describe, expect, it } from 'vitest';
import { FORMAT_NAMES } from '../../src/reporters/formats.js';
import { renderGithub } from '../../src/reporters/github.js';
import { reporters } from '../../src/reporters/index.js';
import { renderJson } from '../../src/reporters/json.js';
import { renderJunit } from '../../src/reporters/junit.js';
import { renderMarkdown } from '../../src/reporters/markdown.js';
import { renderPretty } from '../../src/reporters/pretty.js';
import { sampleReport } from '../helpers/report.js';
import { reportValidator } from '../helpers/schema.js';

const plain = { color: false, verbose: false };

describe('reporter map', () => {
  it('has a reporter for every --format name and nothing else', () => {
    expect(Object.keys(reporters).sort()).toEqual([...FORMAT_NAMES].sort());
  });
});

describe('json', () => {
  it('validates against the shipped schema', () => {
    const validate = reportValidator();
    const parsed = JSON.parse(renderJson(sampleReport(), plain));
    expect(validate(parsed), JSON.stringify(validate.errors)).toBe(true);
  });
  it('the schema rejects a report that breaks it (a check without findings, an unknown status)', () => {
    const validate = reportValidator();
    const bad = sampleReport();
    bad.checks[0]!.findings = [];
    expect(validate(JSON.parse(JSON.stringify(bad)))).toBe(false);
    expect(validate({ ...sampleReport(), status: 'ok' })).toBe(false);
  });
});

describe('pretty', () => {
  const text = renderPretty(sampleReport(), plain);
  it('groups checks worst first and ends with the tally line', () => {
    const order = ['tls.protocol', 'sso.contract', 'urls.partner', 'credentials.present', 'sdk.reachable'].map((id) => text.indexOf(id));
    expect(order).toEqual([...order].sort((a, b) => a - b));
    expect(text.trimEnd().split('\n').at(-1)).toMatch(/^1 passed, 1 warned, 1 failed, 1 errored, 1 skipped  \(1\.2 s\)$/);
  });
  it('shows findings with target, evidence and fix, and the skip reason inline', () => {
    expect(text).toContain('✖ TLS 1.0 and TLS 1.1 accepted by api.yourapp.com:443');
    expect(text).toContain('target: https://api.yourapp.com');
    expect(text).toContain('evidence: accepted=["TLSv1","TLSv1.1","TLSv1.2"]');
    expect(text).toContain('fix: Set ssl_protocols');
    expect(text).toMatch(/○ SKIP  sdk\.reachable .*\(needs the network/);
  });
  it('has no ANSI colour unless asked, and colour when asked', () => {
    expect(text).not.toMatch(/\u001b\[/);
    expect(renderPretty(sampleReport(), { color: true, verbose: false })).toMatch(/\u001b\[/);
  });
  it('hides passing findings unless verbose', () => {
    expect(text).not.toContain('all four credentials are set');
    expect(renderPretty(sampleReport(), { color: false, verbose: true })).toContain('all four credentials are set');
  });
});

describe('junit', () => {
  const text = renderJunit(sampleReport(), plain);
  it('has one testcase per check with failure, error and skipped elements', () => {
    expect(text.match(/<testcase /g)).toHaveLength(5);
    expect(text.match(/<failure /g)).toHaveLength(1);
    expect(text.match(/<error /g)).toHaveLength(1);
    expect(text.match(/<skipped /g)).toHaveLength(1);
    expect(text).toContain('tests="5" failures="1" errors="1" skipped="1"');
  });
  it('escapes XML special characters', () => {
    expect(text).toContain('&amp; reload &lt;now&gt;');
    expect(text).not.toContain('& reload <now>');
  });
});

describe('markdown', () => {
  const text = renderMarkdown(sampleReport(), plain);
  it('has a heading with the verdict, a row per check and details for non-passing checks', () => {
    expect(text).toMatch(/^## ❌ Hubble go-live: `production` \(production\): FAIL/);
    expect(text.match(/^\| .* \| `[a-z.-]+` \| /gm)).toHaveLength(5);
    expect(text).toContain('#### ❌ `tls.protocol` TLS 1.2+ only');
    expect(text).toContain('**fix:** Set ssl_protocols');
  });
  it('escapes pipes inside table cells', () => {
    expect(renderMarkdown(sampleReport({ checks: [{ ...sampleReport().checks[2]!, findings: [{ status: 'warn', message: 'a | b' }] }] }), plain)).toContain('a \\| b');
  });
});

describe('github', () => {
  const text = renderGithub(sampleReport(), plain);
  it('emits ::error for fail and error findings, ::warning for warnings, and a notice', () => {
    expect(text.match(/^::error /gm)).toHaveLength(2);
    expect(text.match(/^::warning /gm)).toHaveLength(1);
    expect(text).toMatch(/^::notice title=hubble-golive production::1 passed, 1 warned, 1 failed, 1 errored, 1 skipped$/m);
  });
  it('escapes workflow-command characters', () => {
    expect(text).toContain('title=urls.partner (production)::label "staging" in api, staging: 100%25');
    const withNewline = renderGithub(sampleReport({ checks: [{ ...sampleReport().checks[1]!, findings: [{ status: 'fail', message: 'a\nb' }] }] }), plain);
    expect(withNewline).toContain('a%0Ab');
  });
});
