/**
 * The child process of first-request.ts: in a fresh `node`, times the first and the second
 * `users.balance` request to the stub server, made through the client or through bare `fetch`.
 * Run as `node dist/first-request-probe.js <client|fetch> <server URL>`; prints one line of JSON,
 * `{"firstMs":…,"secondMs":…}`.
 *
 * Both modes import and build the same things before timing (the client, and Node's own fetch
 * implementation, which Node loads on first use), so the two timed calls differ between modes only
 * by what the client does on its first call: load its engine, run its own code for the first time.
 * The first connection to the server is opened by the first call in both modes.
 */

import { clientCall, fetchCall } from "./balance-calls.js";

const [mode, server] = process.argv.slice(2);
if ((mode !== "client" && mode !== "fetch") || !server) {
  throw new Error("usage: first-request-probe.js <client|fetch> <server URL>");
}
const calls = { client: clientCall(server), fetch: fetchCall(server) };
// Loads undici (Node's fetch), which both modes' first call would otherwise pay.
new Headers();
const call = calls[mode];
const firstMs = await timeCall(call);
const secondMs = await timeCall(call);
process.stdout.write(`${JSON.stringify({ firstMs, secondMs })}\n`);

async function timeCall(call: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await call();
  return performance.now() - started;
}
