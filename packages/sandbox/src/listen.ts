/**
 * The sandbox over real HTTP, on a loopback port. The only module with `node:` imports: it is
 * loaded when `listen()` is first called.
 */

import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { getRequestListener } from "@hono/node-server";
import type { Outcome, SandboxServer } from "./sandbox.js";

/** Serves `handle` on `hostname:port` (port 0: any free one) until `close()`. */
export async function listen(
  handle: (request: Request) => Promise<Outcome>,
  { port = 0, hostname = "127.0.0.1" }: { port?: number; hostname?: string } = {},
): Promise<SandboxServer> {
  const listener = getRequestListener(
    async (request, env) => {
      const outcome = await handle(request);
      if ("response" in outcome) return outcome.response;
      // A dropped connection: the client sees a reset, with no answer at all.
      env.incoming.socket.destroy();
      return new Response(null, { status: 500 });
    },
    // Leave the process's global Request and Response alone.
    { overrideGlobalObjects: false },
  );
  const server = createServer(listener);
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, hostname, () => resolve());
  });
  const address = server.address() as AddressInfo;
  const host = address.family === "IPv6" ? `[${address.address}]` : address.address;
  return {
    url: `http://${host}:${address.port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        // Stalled answers never end by themselves: close their connections too.
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
