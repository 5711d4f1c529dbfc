/** Child processes the benchmarks start: a server to measure against, commands to time or run. */

import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";

export interface RunningServer {
  url: string;
  /** Ends the process and waits for it to exit. */
  stop(): Promise<void>;
}

/**
 * Starts a server process that prints its `http://…` URL on its first line of output. Its stdin
 * is a pipe held by this process: the server exits when stdin ends, so it cannot outlive the
 * benchmark even if this process dies without running its `finally`.
 */
export async function startServer(
  command: string,
  args: readonly string[],
  { cwd, timeoutMs = 15_000 }: { cwd?: string; timeoutMs?: number } = {},
): Promise<RunningServer> {
  const child = spawn(command, args, { cwd, stdio: ["pipe", "pipe", "inherit"] });
  const stop = () => stopProcess(child);
  try {
    const url = await firstUrl(child, timeoutMs);
    return { url, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

function firstUrl(child: ChildProcess, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    let output = "";
    const timer = setTimeout(
      () => reject(new Error(`no URL from the server after ${timeoutMs} ms: ${output}`)),
      timeoutMs,
    );
    child.stdout?.setEncoding("utf8");
    child.stdout?.on("data", (chunk: string) => {
      output += chunk;
      const url = /https?:\/\/[^\s]+/.exec(output)?.[0];
      if (url) {
        clearTimeout(timer);
        resolve(url);
      }
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`the server exited (${code}) before printing a URL: ${output}`));
    });
  });
}

/** SIGTERM, then SIGKILL if it lingers; resolves once the process is gone. */
async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, "exit");
  child.stdin?.end();
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), 5_000);
  await exited;
  clearTimeout(timer);
}

export interface Finished {
  code: number | null;
  stdout: string;
  stderr: string;
  /** Wall time from spawn to exit. */
  ms: number;
  timedOut: boolean;
}

/**
 * Runs a command to its end, or kills its whole process group after `timeoutMs` (a `pnpm exec`
 * starts grandchildren that killing pnpm alone would leave behind).
 */
export async function runToEnd(
  command: string,
  args: readonly string[],
  { cwd, env, timeoutMs }: { cwd: string; env?: NodeJS.ProcessEnv; timeoutMs: number },
): Promise<Finished> {
  const started = performance.now();
  const child = spawn(command, args, {
    cwd,
    env,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
    stdout += chunk;
  });
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
    stderr += chunk;
  });
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    killGroup(child);
  }, timeoutMs);
  const [code] = (await once(child, "close")) as [number | null];
  clearTimeout(timer);
  return { code, stdout, stderr, ms: performance.now() - started, timedOut };
}

function killGroup(child: ChildProcess): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, "SIGKILL");
  } catch {
    // Already gone.
  }
}
