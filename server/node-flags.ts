// The Node flags and environment our two processes run with in production. fly.toml's process
// commands, the image's CMD and ENV, `npm start` and `npm run worker` spell them out
// (node-flags.test.ts holds them to these lists); the tests, the e2e server and the bench start the
// built server with them too.

/**
 * AsyncLocalStorage (the request scope, the logger's ids) kept in V8's async context frames. Without
 * it, Node 22 runs a JavaScript hook on every promise created to carry the stores along, and a page
 * creates thousands (docs/decisions/023). Node 24 does this by default.
 */
const ASYNC_CONTEXT_FRAMES = '--experimental-async-context-frame';

/**
 * The heap limit keeps garbage near the live heap (about 55 MB) on any machine size: V8 otherwise
 * sizes it from the machine's memory and lets garbage pile up (bench/README.md, "Memory").
 */
const WEB_HEAP_LIMIT = '--max-old-space-size=256';

/**
 * WebAssembly kept on V8's baseline compiler: Prisma's query compiler (a large module) runs only
 * when a query's plan is not cached, so optimizing its hot functions in the first seconds of load
 * raises the web process's peak memory and gains no measurable speed (bench/README.md, "Session 23").
 */
const WASM_BASELINE_ONLY = '--liftoff-only';

export const NODE_FLAGS = {
  web: [WEB_HEAP_LIMIT, ASYNC_CONTEXT_FRAMES, WASM_BASELINE_ONLY],
  worker: [ASYNC_CONTEXT_FRAMES],
} as const satisfies Record<string, readonly string[]>;

/**
 * The environment of both processes (the image's ENV; `npm start` and `npm run worker` set it too).
 * MALLOC_ARENA_MAX: glibc's malloc gives each thread that allocates at the same time an arena of its
 * own, up to eight per core, and keeps freed memory in each: V8's helper threads and libuv's pool
 * fill several. Two arenas hold the same work with less memory kept aside, at no measurable CPU cost
 * (bench/README.md, "Sessions 23 and 24"). Other C libraries ignore the variable.
 */
export const PROCESS_ENV = { MALLOC_ARENA_MAX: '2' } as const satisfies Record<string, string>;
