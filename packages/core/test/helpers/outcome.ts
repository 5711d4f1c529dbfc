/** How a promise settled: its value, or its error (never a rejection left for the test to catch). */
export async function outcomeOf(
  promise: Promise<unknown>,
): Promise<{ value?: unknown; error?: unknown }> {
  return promise.then(
    (value) => ({ value }),
    (error: unknown) => ({ error }),
  );
}
