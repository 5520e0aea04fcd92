// POST /sign-out: ends the session (Clerk's, in Clerk mode). A GET (a typed URL) just goes home:
// signing out is a POST.
import { redirect, type ActionFunctionArgs } from '@remix-run/node';
import { signOutOfClerk } from '~/utils/clerk.server.ts';
import { isClerkMode } from '~/utils/env.server.ts';
import { redirectWithFlash } from '~/utils/flash.server.ts';
import { destroyUserSession } from '~/utils/session.server.ts';

export async function action({ request }: ActionFunctionArgs) {
  const headers = new Headers();
  const cookies = isClerkMode() ? await signOutOfClerk(request) : [await destroyUserSession(request)];
  for (const cookie of cookies) headers.append('Set-Cookie', cookie);
  return redirectWithFlash('/', { kind: 'info', message: 'You are signed out.' }, { headers });
}

export function loader() {
  return redirect('/');
}
