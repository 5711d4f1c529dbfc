/**
 * The server of the overhead benchmark: answers `GET /api/v2/user/balance` with one fixed body of
 * the CoinImp shape, in a process of its own. Run as `node dist/coinimp-stub-server.js`; prints
 * its URL, exits when its stdin ends (the benchmark holds it) or on SIGTERM.
 *
 * Why not the sandbox's `cointap-sandbox --no-quota`: the overhead figure is client time over raw
 * fetch time, and the server's time is in both. The sandbox adds work of its own to every request
 * (Hono routing, a clone of each request for its request log), which dilutes the ratio, and its
 * log grows by one entry per request for the whole run, which makes later rounds slower than
 * earlier ones. This server does almost nothing, the same every time, so the ratio shows the
 * client's own cost as plainly as loopback allows. It answers what the sandbox answers for this
 * call (a balance with `pending` as a JSON number), so the client does its real parsing and
 * validation.
 */

import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

const BALANCE = JSON.stringify({
  status: "success",
  message: {
    name: "alice",
    pending: 0.745948501826,
    withdrawn: 876051,
    hashes: 2344703,
    hashRate: "12.3",
  },
});
const UNKNOWN = JSON.stringify({ status: "failure", message: "Unknown API method" });

const server = createServer((request, response) => {
  const known = request.method === "GET" && request.url?.startsWith("/api/v2/user/balance?");
  const body = known ? BALANCE : UNKNOWN;
  response.writeHead(known ? 200 : 404, {
    "content-type": "application/json",
    "content-length": Buffer.byteLength(body),
  });
  response.end(body);
});
// Rounds follow each other closely, but keep the connection across any pause (a GC, a slow round).
server.keepAliveTimeout = 60_000;

server.listen(0, "127.0.0.1", () => {
  const { port } = server.address() as AddressInfo;
  process.stdout.write(`http://127.0.0.1:${port}\n`);
});

const shutDown = () => {
  server.closeAllConnections();
  server.close(() => process.exit(0));
};
process.stdin.on("end", shutDown).resume();
process.once("SIGTERM", shutDown);
