/** The few statistics the benchmarks need. Medians, not means: one slow round must not move a figure. */

/** The median of `values` (the mean of the middle two for an even count). */
export function median(values: readonly number[]): number {
  if (values.length === 0) throw new RangeError("median of no values");
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

/** `numerators[i] / denominators[i]` for each pair of rounds run side by side. */
export function pairedRatios(
  numerators: readonly number[],
  denominators: readonly number[],
): number[] {
  if (numerators.length !== denominators.length) {
    throw new RangeError(`${numerators.length} rounds against ${denominators.length}`);
  }
  return numerators.map((value, index) => value / (denominators[index] as number));
}

/** Rounds to `digits` decimals, for figures meant to be read rather than recomputed. */
export function round(value: number, digits = 2): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}
