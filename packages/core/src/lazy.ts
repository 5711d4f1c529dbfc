/** A value made on first use and kept: for what costs time to create and may never be needed. */
export function lazy<T>(make: () => T): () => T {
  let made: { value: T } | undefined;
  return () => {
    made ??= { value: make() };
    return made.value;
  };
}

/**
 * A module imported on first use, once: for code a program may never need (the HTTP engine, the
 * schemas), so importing the package stays cheap. A failed import (a chunk that did not load) is
 * not kept: the next call tries again. `failure` turns the import's error into the one to throw.
 */
export function lazyImport<T>(
  load: () => Promise<T>,
  failure: (error: unknown) => Error,
): () => Promise<T> {
  let loading: Promise<T> | undefined;
  return () => {
    loading ??= load().catch((error: unknown) => {
      loading = undefined;
      throw failure(error);
    });
    return loading;
  };
}
