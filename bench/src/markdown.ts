/** Small formatting helpers for RESULTS.md. */

/** A GitHub-flavoured markdown table. */
export function table(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]) => `| ${cells.map(escapeCell).join(" | ")} |`;
  return [line(headers), line(headers.map(() => "---")), ...rows.map(line)].join("\n");
}

function escapeCell(cell: string): string {
  return cell.replaceAll("|", "\\|").replaceAll("\n", " ");
}

/** `12 345`-style grouping, readable in any locale. */
export function integer(value: number): string {
  return Math.round(value)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, " ");
}

/** A number with a fixed count of decimals. */
export function fixed(value: number, digits = 1): string {
  return value.toFixed(digits);
}

/** A difference with its sign always shown: `+3.8`, `−1.2`. */
export function signed(value: number, digits = 1): string {
  return `${value < 0 ? "−" : "+"}${Math.abs(value).toFixed(digits)}`;
}

/** Bytes as `12 345 B (12.1 KiB)`. */
export function bytes(value: number): string {
  return `${integer(value)} B (${(value / 1024).toFixed(1)} KiB)`;
}

/** ✓, ✗, or — when a figure has no target. */
export function mark(pass: boolean | undefined): string {
  return pass === undefined ? "—" : pass ? "✓" : "✗";
}

/** A duration in virtual or real milliseconds, as `1 800 000 ms (30 min 0 s)`. */
export function duration(ms: number): string {
  const sign = ms < 0 ? "−" : "";
  const abs = Math.abs(ms);
  const minutes = Math.floor(abs / 60_000);
  const seconds = (abs % 60_000) / 1000;
  const human = minutes > 0 ? `${minutes} min ${fixed(seconds, 0)} s` : `${fixed(seconds, 1)} s`;
  return `${sign}${integer(abs)} ms (${sign}${human})`;
}
