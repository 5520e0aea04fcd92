// One object per HTTP request, for answers that the action and every loader of that request must
// share (Remix hands each of them its own Request object, with its own AbortSignal). The Express
// layer opens the scope; the store lives on globalThis because the server and the Remix build are
// bundled separately.
import { AsyncLocalStorage } from 'node:async_hooks';

declare global {
  // eslint-disable-next-line no-var
  var __reenRequestScope: AsyncLocalStorage<object> | undefined;
}

function scopes() {
  globalThis.__reenRequestScope ??= new AsyncLocalStorage<object>();
  return globalThis.__reenRequestScope;
}

/** Runs `next` (the rest of an HTTP request's handling) in a scope of its own. */
export function runInRequestScope<T>(next: () => T): T {
  return scopes().run({}, next);
}

/** `create()`'s answer, computed once per HTTP request for this cache (every time outside one). */
export function oncePerRequest<T>(cache: WeakMap<object, T>, create: () => T): T {
  const scope = scopes().getStore();
  if (!scope) return create();
  if (!cache.has(scope)) cache.set(scope, create());
  return cache.get(scope)!;
}
