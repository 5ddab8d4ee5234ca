const SIGNALS = { SIGINT: 130, SIGTERM: 143 } as const;
export type StopSignal = keyof typeof SIGNALS;

/** The exit code a process stopped by this signal conventionally reports (128 + its number). */
export const exitCodeForSignal = (signal: StopSignal): number => SIGNALS[signal];

/**
 * Calls `handler` on the first SIGINT or SIGTERM (instead of Node's default of dying on the
 * spot, which would skip cleanup). Returns a function that removes the handlers.
 */
export function onStopSignal(handler: (signal: StopSignal) => void): () => void {
  const listeners = (Object.keys(SIGNALS) as StopSignal[]).map((signal) => {
    const listener = () => {
      remove();
      handler(signal);
    };
    process.on(signal, listener);
    return [signal, listener] as const;
  });
  const remove = () => {
    for (const [signal, listener] of listeners) process.off(signal, listener);
  };
  return remove;
}
