/** Hides user:password in any URL of a text. (No dependencies: the CLI's error path loads it at start-up.) */
export function maskUrlCredentials(text: string): string {
  return text.replace(/\b([a-z][a-z0-9+.-]*:\/\/)[^\s/?#@"'<>]+@/gi, '$1***@');
}
