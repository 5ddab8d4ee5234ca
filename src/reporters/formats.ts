/** --format names; kept apart from the reporters so that `--help` loads no reporter code. */
export const FORMAT_NAMES = ['pretty', 'json', 'junit', 'markdown', 'github'] as const;
export type Format = (typeof FORMAT_NAMES)[number];
