import { useLocation } from '@remix-run/react';

/** The current URL with some parameters set (or removed with null); a new list state starts at page 1. */
export function useHrefWith() {
  const { pathname, search } = useLocation();
  return (changes: Record<string, string | null>) => {
    const params = new URLSearchParams(search);
    params.delete('page');
    for (const [key, value] of Object.entries(changes)) {
      if (value === null) params.delete(key);
      else params.set(key, value);
    }
    const query = params.toString();
    return query ? `${pathname}?${query}` : pathname;
  };
}
