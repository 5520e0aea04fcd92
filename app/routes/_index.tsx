import type { MetaFunction } from '@remix-run/node';
import { useRouteLoaderData } from '@remix-run/react';
import { PlainLink } from '~/components/plain-link.tsx';
import type { loader as rootLoader } from '~/root.tsx';
import { UserText } from '~/components/user-text.tsx';
import { greetingFor } from '~/models/greeting.ts';

export const meta: MetaFunction = () => [
  { title: 'REEN | A marketplace with a virtual economy' },
  { name: 'description', content: 'Buy and sell digital products with a virtual balance of $4,000,000.' },
];

export default function Index() {
  const data = useRouteLoaderData<typeof rootLoader>('root');
  const user = data?.user;
  const counts = data?.counts;
  return (
    <section className="mx-auto max-w-3xl py-10">
      <h1 className="text-4xl font-black tracking-tight wrap-anywhere">
        {user ? (
          <>
            {greetingFor(user)}, <UserText>{user.name}</UserText>
          </>
        ) : (
          'A marketplace with a virtual economy'
        )}
      </h1>
      <p className="mt-4 text-lg text-zinc-600 dark:text-zinc-400">
        Everyone starts with a virtual balance of $4,000,000. Browse and buy other people’s digital products, or pay $160,000 to become an ADMIN and sell your
        own.
      </p>
      {counts ? (
        <p className="mt-6 text-zinc-700 dark:text-zinc-300" data-testid="shop-summary">
          {counts.products} products on sale from a community of {counts.users} people.
        </p>
      ) : null}
      <div className="mt-8 flex flex-wrap gap-3">
        <PlainLink to="/products" className="rounded-md bg-brand-700 px-4 py-2 font-semibold text-white hover:bg-brand-800">
          Browse products
        </PlainLink>
        {user ? null : (
          <PlainLink to="/sign-in" className="rounded-md border border-zinc-300 px-4 py-2 font-semibold dark:border-zinc-700">
            Sign in
          </PlainLink>
        )}
      </div>
    </section>
  );
}
