// The part of autocannon's API the benchmark uses (the package ships no types).
declare module 'autocannon' {
  type Histogram = { average: number; mean: number; stddev: number; min: number; max: number; p50: number; p90: number; p99: number; total: number };

  export type Options = {
    /** Several URLs: the connections are spread over them. */
    url: string | string[];
    connections?: number;
    duration?: number;
    /** Stop after this many answers instead of after `duration`. */
    amount?: number;
    /** How often (ms) it samples its counters, and checks whether it is done. */
    sampleInt?: number;
    timeout?: number;
    headers?: Record<string, string>;
    method?: string;
    body?: string;
  };

  export type Result = {
    requests: Histogram;
    latency: Histogram;
    throughput: Histogram;
    duration: number;
    errors: number;
    timeouts: number;
    non2xx: number;
    statusCodeStats: Record<string, { count: number }>;
  };

  export default function autocannon(options: Options): Promise<Result>;
}
