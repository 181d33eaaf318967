// Long synchronous work split into steps (a generator that yields between items), so a request at 10k
// concepts does not hold the event loop: other requests and /health/live run between the slices.

/** One turn of the event loop: what is waiting (I/O, timers, other requests) runs before this resumes. */
export function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** Runs the steps to their end in one go (tests, benches, small inputs). */
export function runToEnd<T>(steps: Iterator<unknown, T>): T {
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/** Runs the steps to their end in slices of about `sliceMs` of CPU, with the event loop free in between. */
export async function runInSlices<T>(steps: Iterator<unknown, T>, sliceMs = 4): Promise<T> {
  let sliceStart = performance.now();
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
    if (performance.now() - sliceStart >= sliceMs) {
      await nextTurn();
      sliceStart = performance.now();
    }
  }
}
