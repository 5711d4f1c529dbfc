/**
 * Runs the built `cointap` binary (`node dist/cli.js …`) the way a script would: no shell, no
 * terminal (stdin a pipe that is closed at once, or fed the given text), an environment built here
 * rather than inherited (no COINIMP_* / MIXCOINS_* of the developer's), NO_COLOR=1, and a bounded
 * time. `pnpm test` builds first (turbo); run `pnpm build` before `vitest run` by hand.
 */

import { type ChildProcess, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { createSandbox, type Sandbox, type SandboxServer } from "@cointap/sandbox";

export const CLI = fileURLToPath(new URL("../../dist/cli.js", import.meta.url));

/** What the built-in sandbox's announcement says, in part. */
export const BUILT_IN_NOTICE = "using the built-in sandbox";

export interface RunResult {
  /** Exit code, `null` when ended by a signal. */
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export type EnvOverrides = Record<string, string | undefined>;

/**
 * `process.env` without any COINIMP_* or MIXCOINS_* variable (nor colour forcing), with NO_COLOR=1
 * and the given overrides (`undefined` removes a variable).
 */
export function cliEnv(overrides: EnvOverrides = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (/^(COINIMP_|MIXCOINS_)/i.test(name) || name === "FORCE_COLOR") continue;
    env[name] = value;
  }
  env.NO_COLOR = "1";
  for (const [name, value] of Object.entries(overrides)) {
    if (value === undefined) delete env[name];
    else env[name] = value;
  }
  return env;
}

function assertBuilt(): void {
  if (!existsSync(CLI)) {
    throw new Error(
      `${CLI} is missing: run \`pnpm build\` (pnpm test builds first) before the tests`,
    );
  }
}

const running = new Set<ChildProcess>();

/** Kills (by its own pid) any child a test left running; call it in `afterAll`/`afterEach`. */
export function killLeftovers(): void {
  for (const child of running) {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  }
  running.clear();
}

export interface RunOptions {
  env?: NodeJS.ProcessEnv;
  /** Written to stdin, which is then closed. Default: nothing (closed at once). */
  input?: string;
  /** Milliseconds before the child is killed and the run fails. Default 20 s. */
  timeout?: number;
}

/** Runs `cointap …args` to completion. Rejects only if it does not end within `timeout`. */
export function runCli(args: readonly string[], options: RunOptions = {}): Promise<RunResult> {
  assertBuilt();
  const { env = cliEnv(), input = "", timeout = 20_000 } = options;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], {
      env,
      stdio: ["pipe", "pipe", "pipe"],
      shell: false,
    });
    running.add(child);
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
      stdout += chunk;
    });
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
      stderr += chunk;
    });
    child.stdin.on("error", () => {
      // The CLI may exit before reading stdin: a broken pipe here is not the test's concern.
    });
    child.stdin.end(input);
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(
        new Error(
          `cointap ${args.join(" ")} did not end within ${timeout} ms\nstdout: ${stdout}\nstderr: ${stderr}`,
        ),
      );
    }, timeout);
    child.on("error", (error) => {
      clearTimeout(timer);
      running.delete(child);
      reject(error);
    });
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      running.delete(child);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

/** A long-running `cointap …` (the sandbox server): its output so far, and a way to wait for it. */
export interface LongRunning {
  child: ChildProcess;
  output(): { stdout: string; stderr: string };
  /** Resolves with stdout once `pattern` matches it; rejects after `timeout` ms or on exit. */
  waitFor(pattern: RegExp, timeout?: number): Promise<RegExpMatchArray>;
  /** Resolves when the process has ended. */
  ended: Promise<RunResult>;
}

export function startCli(args: readonly string[], env: NodeJS.ProcessEnv = cliEnv()): LongRunning {
  assertBuilt();
  const child = spawn(process.execPath, [CLI, ...args], {
    env,
    stdio: ["pipe", "pipe", "pipe"],
    shell: false,
  });
  running.add(child);
  child.stdin.end();
  let stdout = "";
  let stderr = "";
  child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
    stdout += chunk;
  });
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
    stderr += chunk;
  });
  const ended = new Promise<RunResult>((resolve) => {
    child.on("close", (code, signal) => {
      running.delete(child);
      resolve({ code, signal, stdout, stderr });
    });
  });
  return {
    child,
    output: () => ({ stdout, stderr }),
    ended,
    waitFor: (pattern, timeout = 10_000) =>
      new Promise((resolve, reject) => {
        const check = () => {
          const match = stdout.match(pattern);
          if (!match) return false;
          cleanup();
          resolve(match);
          return true;
        };
        const onExit = () => {
          cleanup();
          reject(
            new Error(
              `cointap ${args.join(" ")} ended early\nstdout: ${stdout}\nstderr: ${stderr}`,
            ),
          );
        };
        const timer = setTimeout(() => {
          cleanup();
          reject(
            new Error(`no ${pattern} within ${timeout} ms\nstdout: ${stdout}\nstderr: ${stderr}`),
          );
        }, timeout);
        const cleanup = () => {
          clearTimeout(timer);
          child.stdout?.off("data", onData);
          child.off("close", onExit);
        };
        const onData = () => {
          check();
        };
        if (check()) return;
        child.stdout?.on("data", onData);
        child.on("close", onExit);
      }),
  };
}

/** Parses the whole of stdout as one JSON document (throws if there is anything else). */
export function parseJson<T = unknown>(stdout: string): T {
  return JSON.parse(stdout) as T;
}

/** The lines of a text, without the empty last one. */
export function lines(text: string): string[] {
  return text === "" ? [] : text.replace(/\n$/, "").split("\n");
}

/** A sandbox listening on a loopback port, and the env variables that point the CLI at it. */
export interface Listening {
  sandbox: Sandbox;
  server: SandboxServer;
  url: string;
  /** COINIMP_* and MIXCOINS_* for this sandbox (v2), with the sandbox's own credentials. */
  env: EnvOverrides;
}

export async function listeningSandbox(
  options: Parameters<typeof createSandbox>[0] = {},
): Promise<Listening> {
  const sandbox = createSandbox(options);
  const server = await sandbox.listen({ port: 0, hostname: "127.0.0.1" });
  return {
    sandbox,
    server,
    url: server.url,
    env: {
      COINIMP_PUBLIC_KEY: sandbox.credentials.coinimp.publicKey,
      COINIMP_PRIVATE_KEY: sandbox.credentials.coinimp.privateKey,
      COINIMP_BASE_URL: `${server.url}/api/v2`,
      MIXCOINS_TOKEN: sandbox.credentials.mixcoins.token,
      MIXCOINS_BASE_URL: `${server.url}/api`,
    },
  };
}

/**
 * A loopback port with nothing listening on it: bound, then released. (Not a "bad port" such as 9,
 * which fetch refuses itself without trying to connect.)
 */
export async function refusedPort(): Promise<number> {
  const { createServer } = await import("node:net");
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Runs `tasks` with at most `limit` at a time, in order of the results. */
export async function pool<T>(limit: number, tasks: (() => Promise<T>)[]): Promise<T[]> {
  const results: T[] = new Array(tasks.length);
  let next = 0;
  const worker = async () => {
    while (next < tasks.length) {
      const index = next++;
      results[index] = await (tasks[index] as () => Promise<T>)();
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, tasks.length) }, worker));
  return results;
}

/** `mixcoins create` of `amount` in `currency` to `addresses`, with `more` flags after. */
export const mix = (
  currency: string,
  addresses: readonly string[],
  amount = "0.5",
  ...more: string[]
) => [
  "mixcoins",
  "create",
  "--currency",
  currency,
  ...addresses.flatMap((address) => ["--address", address]),
  "--amount",
  amount,
  ...more,
];
