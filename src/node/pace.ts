// Long loops on a thread that must stay responsive (the editor's extension host) give it back now
// and then: a loop asks its Pace after each step, and awaits the promise it gets, if any. The CLI's
// pace never asks to wait, so the same loop costs it nothing.

/** Undefined to go on at once; a promise to await first (the thread is given back until it settles). */
export type Pace = () => Promise<void> | undefined;

export const NO_PACE: Pace = () => undefined;

/** Gives the thread back after each `sliceMs` of work (setImmediate: pending I/O and messages run first). */
export function timeSlices(sliceMs = 8, now: () => number = () => performance.now()): Pace {
  let start = now();
  return () => {
    if (now() - start < sliceMs) return undefined;
    return new Promise((resolve) => setImmediate(() => { start = now(); resolve(); }));
  };
}
