// /profile/account: Clerk's own account page (name, email, password, sessions), for Clerk mode.
// Changes made here reach REEN through the user.updated webhook. The demo sign-in has none: its
// name and email are changed on the profile itself.
import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { ClerkUserProfile } from '~/components/clerk-components.tsx';
import { ClerkPage } from '~/components/clerk-page.tsx';
import { requireUser } from '~/models/auth.server.ts';
import { isClerkMode } from '~/utils/env.server.ts';
import { notFound } from '~/utils/refusals.server.ts';

export const meta: MetaFunction = () => [{ title: 'Your account | REEN' }];

export async function loader({ request }: LoaderFunctionArgs) {
  if (!isClerkMode()) notFound();
  await requireUser(request);
  return null;
}

export default function Account() {
  return (
    <ClerkPage title="Your account" needs="Clerk's account page">
      <ClerkUserProfile routing="hash" />
    </ClerkPage>
  );
}
