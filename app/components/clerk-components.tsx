// Clerk's React components, loaded only where Clerk mode renders them. The dynamic import gives
// @clerk/remix a chunk of its own in the browser, which pages without Clerk never load, and keeps it
// out of the server until Clerk mode needs it (app/utils/clerk-sdk.server.ts loads it there first).
import type * as ClerkRemix from '@clerk/remix';
import { lazy, Suspense, type ComponentProps } from 'react';
import { useHydrated } from '~/hooks/use-hydrated.ts';

const clerkRemix = () => import('@clerk/remix');

/** Clerk's provider, rendered by the root route in Clerk mode (on the server too). */
export const ClerkProvider = lazy(() => clerkRemix().then((clerk) => ({ default: clerk.ClerkProvider })));

const SignIn = lazy(() => clerkRemix().then((clerk) => ({ default: clerk.SignIn })));
const SignUp = lazy(() => clerkRemix().then((clerk) => ({ default: clerk.SignUp })));
const UserProfile = lazy(() => clerkRemix().then((clerk) => ({ default: clerk.UserProfile })));

export function ClerkSignIn(props: ComponentProps<typeof ClerkRemix.SignIn>) {
  return useHydrated() ? (
    <Suspense fallback={null}>
      <SignIn {...props} />
    </Suspense>
  ) : null;
}

export function ClerkSignUp(props: ComponentProps<typeof ClerkRemix.SignUp>) {
  return useHydrated() ? (
    <Suspense fallback={null}>
      <SignUp {...props} />
    </Suspense>
  ) : null;
}

export function ClerkUserProfile(props: ComponentProps<typeof ClerkRemix.UserProfile>) {
  return useHydrated() ? (
    <Suspense fallback={null}>
      <UserProfile {...props} />
    </Suspense>
  ) : null;
}
