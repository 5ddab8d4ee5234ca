/** --format names; kept apart from the reporters so that `--help` loads no reporter code. */
export const FORMAT_NAMES = ['pretty', 'json'] as const;
