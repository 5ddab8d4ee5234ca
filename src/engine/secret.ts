import { createHash } from 'node:crypto';

const inspectSymbol = Symbol.for('nodejs.util.inspect.custom');

/** Secrets shorter than this are flagged (credentials.present): real ones are long random values, and short ones cannot be masked safely. */
export const MIN_SECRET_LENGTH = 12;

/**
 * A secret value that masks itself wherever it is printed, logged or serialised.
 * Only code that puts the value on the wire calls `reveal()`.
 */
export class Secret {
  readonly #value: string;

  constructor(value: string) {
    this.#value = value;
  }

  /** The raw value. Call only where it goes on the wire (a header, an HMAC key). */
  reveal(): string {
    return this.#value;
  }

  /** 8 hex characters of the SHA-256 of the value: lets two values be compared without being shown. */
  get fingerprint(): string {
    return fingerprint(this.#value);
  }

  get length(): number {
    return this.#value.length;
  }

  /** The value as it travels in an HTTP header: servers drop surrounding whitespace. */
  onWire(): string {
    return this.#value.trim();
  }

  /**
   * True when both secrets are the same on the wire (surrounding whitespace ignored, as HTTP does),
   * so that `"abc "` is never mistaken for a different secret than `"abc"`. Constant-time.
   */
  equals(other: Secret | undefined): boolean {
    if (!other) return false;
    const a = createHash('sha256').update(this.onWire()).digest();
    const b = createHash('sha256').update(other.onWire()).digest();
    return a.equals(b);
  }

  /** `…wxyz` for long values, never more than the last 4 characters; nothing for short ones. */
  get masked(): string {
    return maskValue(this.#value);
  }

  toString(): string {
    return `[secret ${this.masked} sha256:${this.fingerprint}]`;
  }

  toJSON(): string {
    return this.toString();
  }

  [inspectSymbol](): string {
    return this.toString();
  }
}

export function fingerprint(value: string): string {
  return createHash('sha256').update(value).digest('hex').slice(0, 8);
}

/** Shows at most the last 4 characters, and only when the value is long enough that they say little. */
export function maskValue(value: string): string {
  return value.length >= 16 ? `…${value.slice(-4)}` : '****';
}
