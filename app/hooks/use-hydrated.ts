import { useEffect, useState } from 'react';

/** True once React runs in the browser; false during the server render and without JavaScript. */
export function useHydrated() {
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => setHydrated(true), []);
  return hydrated;
}
