// A trailing-edge debounce with cancel, for watchers that fire in bursts.

export function debounce(fn: () => void, ms: number): (() => void) & { cancel(): void } {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const run = () => {
    if (timer !== undefined) clearTimeout(timer);
    timer = setTimeout(() => { timer = undefined; fn(); }, ms);
  };
  return Object.assign(run, { cancel: () => { if (timer !== undefined) clearTimeout(timer); } });
}
