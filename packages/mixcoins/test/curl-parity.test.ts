import { execFile } from "node:child_process";
import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { promisify } from "node:util";
import { afterEach, expect, it } from "vitest";
import { MixCoins } from "../src/index.js";

const run = promisify(execFile);
const TOKEN = "test-token-0123456789abcdef";
const ADDRESSES = [
  "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4",
  "1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2",
];
/** Where the server asks for the coins: a valid address that is none of the payout addresses. */
const DEPOSIT = "bc1qcr8te4kr609gcawutmrza0j4xv80jy8z306fyu";

interface Received {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

let close: (() => Promise<void>) | undefined;
afterEach(async () => {
  await close?.();
  close = undefined;
});

/** A loopback server that records each request and answers a valid mix. */
async function recordingServer(): Promise<{ url: string; received: Received[] }> {
  const received: Received[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      received.push({
        method: request.method ?? "",
        url: request.url ?? "",
        headers: request.headers,
        body: Buffer.concat(chunks).toString("latin1"),
      });
      response.writeHead(200, { "content-type": "application/json" });
      response.end(
        JSON.stringify({
          currency: "btc",
          amount: "0.5",
          address: DEPOSIT,
          address_legacy: null,
        }),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  close = () => new Promise((resolve) => server.close(() => resolve()));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, received };
}

/** The parts of a multipart body as [name, value, content-type of the part], read independently. */
function parts(request: Received): [string, string, string | undefined][] {
  const boundary = /boundary=("?)([^";]+)\1/.exec(request.headers["content-type"] ?? "")?.[2];
  expect(boundary).toBeDefined();
  return request.body
    .split(`--${boundary}`)
    .slice(1, -1)
    .map((part) => {
      const [head = "", ...rest] = part.replace(/^\r\n/, "").split("\r\n\r\n");
      const name = /name="([^"]*)"/.exec(head)?.[1] ?? "";
      const type = /content-type:\s*([^\r\n]+)/i.exec(head)?.[1];
      return [name, rest.join("\r\n\r\n").replace(/\r\n$/, ""), type];
    });
}

it("sends a mix exactly as curl -F does: the same parts, in the same order, and the same header", async () => {
  const server = await recordingServer();
  await run("curl", [
    "--silent",
    "--show-error",
    "--fail",
    "-H",
    `X-Api-Token: ${TOKEN}`,
    "-F",
    `address[]=${ADDRESSES[0]}`,
    "-F",
    `address[]=${ADDRESSES[1]}`,
    "-F",
    "amount=0.5",
    `${server.url}/api/btc/mix`,
  ]);
  const client = new MixCoins({ token: TOKEN, baseURL: `${server.url}/api`, retry: false });
  const mix = await client.mixes.create({ currency: "btc", addresses: ADDRESSES, amount: 0.5 });
  expect(mix.depositAddress).toBe(DEPOSIT);

  const [byCurl, byClient] = server.received;
  if (!byCurl || !byClient) throw new Error("the server did not receive both requests");
  expect(byClient.method).toBe(byCurl.method);
  expect(byClient.url).toBe(byCurl.url);
  expect(byClient.headers["x-api-token"]).toBe(byCurl.headers["x-api-token"]);
  expect(byClient.headers["content-type"]).toMatch(/^multipart\/form-data; boundary=/);
  expect(byCurl.headers["content-type"]).toMatch(/^multipart\/form-data; boundary=/);
  expect(parts(byClient)).toEqual(parts(byCurl));
  expect(parts(byClient).map(([name, value]) => [name, value])).toEqual([
    ["address[]", ADDRESSES[0]],
    ["address[]", ADDRESSES[1]],
    ["amount", "0.5"],
  ]);
});
