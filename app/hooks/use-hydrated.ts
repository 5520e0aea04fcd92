import { useSyncExternalStore } from 'react';

/**
 * True once React runs in the browser; false during the server render, the hydrating render, and
 * without JavaScript. Controls that need JavaScript render only when it is true.
 */
export function useHydrated(): boolean {
  return useSyncExternalStore(
    neverChanges,
    () => true,
    () => false,
  );
}

function neverChanges() {
  return () => {};
}
