// Each process loads the app's build once (docs/decisions/018-one-build-per-process.md), so a
// module-level value is the process's only one. `npm run dev` is the exception: it imports every
// new build into the running server, and each build carries its own copy of every module. What
// must outlive a rebuild (the database pool and pg-boss, which would otherwise be opened again on
// every change; the logger, the metrics and the request scope, which the server opened with the
// first build and the newest build's routes must share) is kept here, on globalThis, in
// development only.

declare global {
  var __reenKeptAcrossDevRebuilds: Map<string, unknown> | undefined;
}

/** `create()`'s value, created once per module copy, and once per process under `npm run dev`. */
export function keptAcrossDevRebuilds<T>(name: string, create: () => T): T {
  if (process.env.NODE_ENV !== 'development') return create();
  const kept = (globalThis.__reenKeptAcrossDevRebuilds ??= new Map());
  if (!kept.has(name)) kept.set(name, create());
  return kept.get(name) as T;
}
