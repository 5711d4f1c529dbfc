/** What every benchmark hands to the report: figures with their targets, and a section to read. */

/** One figure against its target. */
export interface Check {
  figure: string;
  /** The measured value, as shown. */
  value: string;
  target: string;
  /** `undefined` when there is no target (the figure is only reported). */
  pass: boolean | undefined;
}

/** A benchmark's part of RESULTS.md. */
export interface Section {
  title: string;
  checks: Check[];
  /** Markdown: how it was measured and the details behind the checks. */
  body: string;
}
