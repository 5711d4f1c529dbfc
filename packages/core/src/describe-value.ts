/**
 * How a refused value is shown in a message: a string quoted whole (the error classes cut
 * messages, and only after a client's redactor has taken its keys out: a string cut here could
 * keep a key's start), anything else by its kind or value. Never `JSON.stringify` or `String` of an
 * object or function: a BigInt inside, a cycle or a hostile `toString` would throw or run code.
 */
export function describeValue(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(value);
  if (typeof value === "function") return "a function";
  if (value === null || typeof value !== "object") return String(value);
  return Array.isArray(value) ? "an array" : "an object";
}
