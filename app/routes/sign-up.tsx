// Sign-up. Clerk mode: Clerk's sign-up component. Demo mode: accounts are created on the sign-in page.
import { ClerkSignUp } from '~/components/clerk-components.tsx';
import { redirect, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node';
import { useLoaderData } from '@remix-run/react';
import { ClerkPage } from '~/components/clerk-page.tsx';
import { getUser, safeRedirectPath } from '~/models/auth.server.ts';
import { isClerkMode } from '~/utils/env.server.ts';

export const meta: MetaFunction = () => [{ title: 'Sign up | REEN' }];

export async function loader({ request }: LoaderFunctionArgs) {
  const redirectTo = safeRedirectPath(new URL(request.url).searchParams.get('redirectTo'));
  if (!isClerkMode()) throw redirect(`/sign-in?${new URLSearchParams({ redirectTo })}`);
  if (await getUser(request)) throw redirect(redirectTo);
  return { redirectTo };
}

export default function SignUp() {
  const { redirectTo } = useLoaderData<typeof loader>();
  return (
    <ClerkPage title="Sign up">
      <ClerkSignUp routing="hash" signInUrl={`/sign-in?${new URLSearchParams({ redirectTo })}`} fallbackRedirectUrl={redirectTo} />
    </ClerkPage>
  );
}
