// The real Clock for the CLI: wall-clock time and abortable timers.
import type { Clock } from '../core/ports';

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms, signal) => new Promise<void>((resolve) => {
    if (signal?.aborted) return resolve();
    const t = setTimeout(done, ms);
    function done() { signal?.removeEventListener('abort', onAbort); resolve(); }
    function onAbort() { clearTimeout(t); resolve(); }
    signal?.addEventListener('abort', onAbort, { once: true });
  }),
  timer: (ms, fire) => {
    const t = setTimeout(fire, ms);
    return () => clearTimeout(t);
  },
};
