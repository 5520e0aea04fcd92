// The Content-Security-Policy nonce of the page being rendered (server/security.ts makes one per
// request). The server renders it into every script tag; in the browser it reads as empty, since
// browsers hide nonces from the page once the policy has checked them.
import { createContext, useContext } from 'react';

export const NonceContext = createContext('');

export function useNonce(): string {
  return useContext(NonceContext);
}
