/** A bad configuration file or value: printed as one line, exit code 2. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** A bad command line: printed as one line, exit code 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}
