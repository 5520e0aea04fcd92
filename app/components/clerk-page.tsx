import type { ReactNode } from 'react';

/** Clerk's components need JavaScript; without it, the page says so instead of staying blank. */
export function ClerkPage({ title, needs = 'Signing in', children }: { title: string; needs?: string; children: ReactNode }) {
  return (
    <div className="mx-auto flex max-w-xl flex-col items-center space-y-6 py-6">
      <h1 className="self-start text-3xl font-bold">{title}</h1>
      <noscript>
        <p className="rounded-md bg-amber-50 p-3 text-amber-900 dark:bg-amber-950 dark:text-amber-100">
          {`${needs} needs JavaScript, which is off in this browser. Once you are signed in, every page of REEN works without it.`}
        </p>
      </noscript>
      {children}
    </div>
  );
}
