// POST /sign-out: ends this browser's session (Clerk's, in Clerk mode); with `scope=everywhere`
// (the profile's "Sign out of all devices") every session of the person, wherever its cookie went.
// A GET (a typed URL) just goes home: signing out is a POST.
import { redirect, type ActionFunctionArgs } from '@remix-run/node';
import { z } from 'zod';
import { signOutOfClerk } from '~/utils/clerk.server.ts';
import { isClerkMode } from '~/utils/env.server.ts';
import { redirectWithFlash } from '~/utils/flash.server.ts';
import { readFormData } from '~/utils/forms.server.ts';
import { destroyAllUserSessions, destroyUserSession } from '~/models/session.server.ts';

// Anything else (a missing or unknown scope) signs out this browser only: signing out must never fail.
const SignOutForm = z.object({ scope: z.enum(['this-device', 'everywhere']).catch('this-device') });

export async function action({ request }: ActionFunctionArgs) {
  const form = await readFormData(request).catch(() => new FormData());
  const { scope } = SignOutForm.parse(Object.fromEntries(form));
  const headers = new Headers();
  let message = 'You are signed out.';
  if (isClerkMode()) {
    // Clerk's other sessions are Clerk's to end (its account page); here, this one.
    for (const cookie of await signOutOfClerk(request)) headers.append('Set-Cookie', cookie);
  } else if (scope === 'everywhere') {
    headers.append('Set-Cookie', await destroyAllUserSessions(request));
    message = 'You are signed out on every device.';
  } else {
    headers.append('Set-Cookie', await destroyUserSession(request));
  }
  return redirectWithFlash('/', { kind: 'info', message }, { headers });
}

export function loader() {
  return redirect('/');
}
