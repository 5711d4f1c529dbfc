/**
 * What the CLI prints: for people, aligned tables and key-value lists on stdout; for scripts
 * (`--json`), exactly one JSON document on stdout. Everything else — progress, notices — goes to
 * stderr, so stdout stays parseable. No colour is used, so `NO_COLOR` has nothing to turn off.
 */

type Row = Record<string, unknown>;

function cell(value: unknown): string {
  if (value instanceof Date) return value.toISOString();
  if (value === null || value === undefined) return "-";
  return String(value);
}

/** Rows as an aligned table with a header line. */
export function table(rows: readonly Row[]): string {
  if (rows.length === 0) return "(none)";
  const columns = Object.keys(rows[0] as Row);
  const widths = columns.map((column) =>
    Math.max(column.length, ...rows.map((row) => cell(row[column]).length)),
  );
  const line = (values: string[]) =>
    values
      .map((value, index) => value.padEnd(widths[index] ?? 0))
      .join("  ")
      .trimEnd();
  return [
    line(columns),
    line(widths.map((width) => "-".repeat(width))),
    ...rows.map((row) => line(columns.map((c) => cell(row[c])))),
  ].join("\n");
}

/** An object as `key  value` lines. */
export function keyValues(record: Row): string {
  const width = Math.max(...Object.keys(record).map((key) => key.length));
  return Object.entries(record)
    .map(([key, value]) => `${key.padEnd(width)}  ${cell(value)}`)
    .join("\n");
}

/** Prints a result: JSON for scripts, a table, key-values or a plain value for people. */
export function print(result: unknown, json: boolean): void {
  if (json) {
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    return;
  }
  if (Array.isArray(result)) {
    const rows = result.map((item) =>
      typeof item === "object" && item !== null ? (item as Row) : { value: item },
    );
    process.stdout.write(`${table(rows)}\n`);
  } else if (typeof result === "object" && result !== null && !(result instanceof Date)) {
    process.stdout.write(`${keyValues(result as Row)}\n`);
  } else {
    process.stdout.write(`${cell(result)}\n`);
  }
}

/** A notice for people, on stderr. */
export function notice(message: string): void {
  process.stderr.write(`${message}\n`);
}
