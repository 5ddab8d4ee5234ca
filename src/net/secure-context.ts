import { createSecureContext, type SecureContext, type SecureContextOptions } from 'node:tls';

type ContextOptions = Pick<SecureContextOptions, 'minVersion' | 'maxVersion' | 'ciphers'>;

// A `ca:` list (Node's ~140 roots plus --ca) costs ~50 ms to parse, and Node parses it again for
// every connection given `ca:`. One context per trust list and protocol setting is made once and
// reused, which keeps a TLS probe of five handshakes in the tens of milliseconds.
const byCa = new WeakMap<readonly string[], Map<string, SecureContext>>();

/**
 * A shared SecureContext for this trust list and protocol setting, or undefined when no `ca:` list
 * was given (Node's default store is already shared and includes NODE_EXTRA_CA_CERTS).
 */
export function secureContextFor(ca: readonly string[] | undefined, options: ContextOptions = {}): SecureContext | undefined {
  if (!ca) return undefined;
  let contexts = byCa.get(ca);
  if (!contexts) byCa.set(ca, (contexts = new Map()));
  const key = `${options.minVersion ?? ''}|${options.maxVersion ?? ''}|${options.ciphers ?? ''}`;
  let context = contexts.get(key);
  if (!context) contexts.set(key, (context = createSecureContext({ ca: [...ca], ...options })));
  return context;
}
