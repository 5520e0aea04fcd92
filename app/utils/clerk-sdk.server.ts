// @clerk/remix is loaded on first use, which only Clerk mode reaches: a demo or a shop without Clerk
// keys never loads it. Its main module prints a multi-line deprecation banner (console.warn) as it
// loads; the banner is logged instead as one structured warning line, so that the log stays JSON.
import type * as ClerkApi from '@clerk/remix/api.server';
import type * as ClerkSsr from '@clerk/remix/ssr.server';
import { logger } from './logger.server.ts';

export type ClerkServerSdk = { api: typeof ClerkApi; ssr: typeof ClerkSsr };

const BANNER = '@clerk/remix is now in maintenance mode';

let loading: Promise<ClerkServerSdk> | undefined;

/**
 * Clerk's Backend API and root loader, and its React components ready for server rendering
 * (root.tsx's lazy ClerkProvider imports the module that is loaded here).
 */
export function clerkServerSdk(): Promise<ClerkServerSdk> {
  loading ??= load();
  return loading;
}

async function load(): Promise<ClerkServerSdk> {
  const warn = console.warn;
  console.warn = (...args: unknown[]) => {
    if (typeof args[0] === 'string' && args[0].includes(BANNER)) {
      logger().warn({ package: '@clerk/remix' }, `${BANNER}: security updates only; Clerk's successor is @clerk/react-router`);
      return;
    }
    warn.apply(console, args);
  };
  try {
    const [api, ssr] = await Promise.all([import('@clerk/remix/api.server'), import('@clerk/remix/ssr.server'), import('@clerk/remix')]);
    return { api, ssr };
  } finally {
    console.warn = warn;
  }
}
