// What the measuring process asks the load generator (bench/load-generator.ts) for, and what it
// answers: one run of load, closed loop (autocannon) or open loop (bench/open-loop.ts).

/** What every run says: the pages, how long, the headers of each request. */
type RunOf = {
  /** Several URLs (one page on several web processes): the load is spread over them. */
  urls: string[];
  durationSeconds: number;
  /**
   * When set, replaces the duration: the run ends once that many answers came back, however slowly
   * (the smoke mode checks correctness on a machine of any speed, where a one-second run may complete
   * nothing).
   */
  requests?: number;
  headers: Record<string, string>;
};

/** Closed loop: each connection sends its next request when the answer to the last came back. */
export type LoadRun = RunOf & { connections: number };

/** Open loop: requests leave on a fixed schedule, whatever the answers. */
export type OpenLoopRun = RunOf & { ratePerSecond: number };

export type LoadSummary = {
  requests: number;
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  /** Connection errors and timeouts. */
  errors: number;
  /** Answers other than 2xx. */
  non2xx: number;
  bytesPerRequest: number;
};
