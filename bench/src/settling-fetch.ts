/**
 * A `fetch` wrapper that can tell when the in-process world has gone quiet: no request in flight,
 * and nothing new for a few event-loop turns (the client reads and parses the body after `fetch`
 * resolves). Time on the virtual clock may move only then; otherwise a request sent "at t" could
 * be answered after the clock had moved past it.
 */

type Fetch = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;

/** Event-loop turns with nothing in flight and nothing new before the world counts as settled. */
const QUIET_TURNS = 5;
/** A bound, so a benchmark that never settles fails instead of hanging. */
const MAX_TURNS = 100_000;

export interface SettlingFetch {
  fetch: Fetch;
  /** Requests sent so far. */
  readonly sent: number;
  /** Resolves once nothing is in flight and nothing moved for a few turns. */
  settle(): Promise<void>;
}

export function settlingFetch(inner: Fetch): SettlingFetch {
  let inFlight = 0;
  let sent = 0;
  let finished = 0;
  const fetch: Fetch = async (input, init) => {
    inFlight++;
    sent++;
    try {
      return await inner(input, init);
    } finally {
      inFlight--;
      finished++;
    }
  };
  async function settle(): Promise<void> {
    let quiet = 0;
    let seen = -1;
    for (let turn = 0; turn < MAX_TURNS; turn++) {
      await new Promise((resolve) => setImmediate(resolve));
      const activity = sent + finished;
      quiet = inFlight === 0 && activity === seen ? quiet + 1 : 0;
      seen = activity;
      if (quiet >= QUIET_TURNS) return;
    }
    throw new Error(`still busy after ${MAX_TURNS} event-loop turns (${inFlight} in flight)`);
  }
  return {
    fetch,
    get sent() {
      return sent;
    },
    settle,
  };
}
