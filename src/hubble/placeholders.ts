/**
 * Recognises values that were never filled in: template markers, doc examples and the like.
 * The descriptions never quote the value (it may sit under a secret key), only its shape.
 */

const WORDS = new Set([
  'changeme', 'changeit', 'replaceme', 'todo', 'tbd', 'fixme', 'placeholder', 'example', 'sample', 'dummy', 'fake',
  'test', 'mock', 'demo', 'secret', 'mysecret', 'yoursecret', 'supersecret', 'password', 'passw0rd', 'pass', 'null',
  'undefined', 'none', 'nil', 'na', 'empty', 'default', 'foo', 'bar', 'foobar', 'abc', 'abc123', 'qwerty', 'token',
  'key', 'apikey', 'secretkey', 'yoursecretkey', 'clientid', 'clientsecret', 'appsecret', 'hubblesecret',
  'xhubblesecret', 'webhooksecret', 'webhookkey', 'signaturesecret', 'mocktoken',
]);

/**
 * How `value` looks like a placeholder (`a documentation placeholder word`), or undefined when it
 * looks like a real value. Case-insensitive; surrounding whitespace is ignored.
 */
export function placeholderKind(value: string): string | undefined {
  const v = value.trim().toLowerCase();
  if (v === '') return undefined;
  if (/^<[^<>]*>$/.test(v) || /^\{\{.*\}\}$/.test(v)) return 'a template marker in angle or double curly brackets';
  if (/^\$\{.*\}$/.test(v)) return 'a ${...} reference the loader could not resolve (variable names are letters, digits and _)';
  if (/^\$[a-z_][a-z0-9_]*$/.test(v) || /^%[a-z_][a-z0-9_]*%$/.test(v)) {
    return 'a variable reference that was never substituted (write it as ${NAME})';
  }
  if (/^[x\-_. ]+$/.test(v) && (v.match(/x/g) ?? []).length >= 3) return 'a run of x characters';
  if (/^[*•.\-_#?]+$/.test(v)) return 'mask characters only';
  if (v.length >= 3 && /^(.)\1+$/.test(v)) return 'one character repeated';
  if (/^\d{1,8}$/.test(v) && '1234567890'.startsWith(v)) return 'a counting sequence of digits';
  const bare = v.replace(/[-_\s.]/g, '');
  if (WORDS.has(bare)) return 'a placeholder word';
  if (/changeme|placeholder|replaceme/.test(bare)) return 'a value containing a placeholder word';
  if (/^your[-_ ]/.test(v) || /^your(app|client|hubble|webhook|secret|api|key|id|partner|company|token)/.test(bare)) {
    return 'a "your-…" template from documentation';
  }
  if (/^(insert|enter|paste|put|add)[-_ ]/.test(v) || /[-_ ]here$/.test(v)) return 'an "insert … here" template';
  if (/^(example|sample|dummy|fake|placeholder|todo|fixme|tbd)[-_ :]/.test(v)) return 'a value starting with a placeholder word';
  return undefined;
}
