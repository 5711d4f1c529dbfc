/** Where and when the figures were taken: timings mean nothing without the machine. */

import { arch, cpus, platform, release } from "node:os";

export interface Machine {
  node: string;
  cpuModel: string;
  cpuCount: number;
  os: string;
  /** ISO 8601, UTC. */
  date: string;
}

export function describeMachine(): Machine {
  const cores = cpus();
  return {
    node: process.version,
    cpuModel: cores[0]?.model.trim() ?? "unknown",
    cpuCount: cores.length,
    os: `${platform()} ${release()} ${arch()}`,
    date: new Date().toISOString(),
  };
}
