import { isRouteErrorResponse } from '@remix-run/react';
import { PlainLink } from './plain-link.tsx';

const LEADS: Record<number, string> = { 403: 'Not allowed', 429: 'Too many requests' };

/** What an error boundary shows, in the app's look: 404s, refusals, and unexpected errors. */
export function ErrorPage({ error }: { error: unknown }) {
  if (isRouteErrorResponse(error)) {
    const message = typeof error.data === 'string' && error.data ? error.data : error.statusText;
    if (error.status === 405) {
      // Remix's own answer to a method a page has no handler for names the route's file: not for readers.
      return (
        <Panel heading="405" lead="Method not allowed">
          <p className="text-zinc-600 dark:text-zinc-400">This page only shows things: there is nothing to send to it. Open it with a link instead.</p>
        </Panel>
      );
    }
    if (error.status === 404) {
      return (
        <Panel heading="404" lead="Page not found">
          <p className="text-zinc-600 dark:text-zinc-400">The page you asked for does not exist, or is not yours to see.</p>
        </Panel>
      );
    }
    return (
      <Panel heading={String(error.status)} lead={LEADS[error.status] ?? 'Something went wrong'}>
        <p className="text-zinc-600 dark:text-zinc-400">{message}</p>
        {/* A refusal that says to become an ADMIN leads there. */}
        {error.status === 403 && /become an ADMIN/i.test(message) ? (
          <p className="mt-4">
            <PlainLink to="/profile/role" className="font-semibold text-brand-700 underline dark:text-brand-500">
              Become an ADMIN
            </PlainLink>
          </p>
        ) : null}
      </Panel>
    );
  }
  return (
    <Panel heading="Oops" lead="Something went wrong on our side">
      <p className="text-zinc-600 dark:text-zinc-400">Nothing you did caused this. Please try again in a moment.</p>
    </Panel>
  );
}

function Panel({ heading, lead, children }: { heading: string; lead: string; children: React.ReactNode }) {
  return (
    <section className="mx-auto max-w-lg py-16 text-center" aria-labelledby="error-heading">
      <h1 id="error-heading" className="text-6xl font-black text-brand-600">
        {heading}
      </h1>
      <p className="mt-2 text-xl font-semibold">{lead}</p>
      <div className="mt-4">{children}</div>
      <div className="mt-8 flex flex-wrap items-center justify-center gap-3">
        <PlainLink
          to="/"
          className="rounded-md border border-zinc-900 bg-zinc-900 px-4 py-2 text-sm font-medium text-white dark:border-zinc-100 dark:bg-zinc-100 dark:text-zinc-900"
        >
          Return home
        </PlainLink>
        <PlainLink to="/products" className="rounded-md border border-zinc-300 px-4 py-2 text-sm font-medium dark:border-zinc-700">
          Browse products
        </PlainLink>
      </div>
    </section>
  );
}
