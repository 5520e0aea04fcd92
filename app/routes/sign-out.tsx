// POST /sign-out: ends the session. A GET (a typed URL) just goes home: signing out is a POST.
import { redirect, type ActionFunctionArgs } from '@remix-run/node';
import { redirectWithFlash } from '~/utils/flash.server.ts';
import { destroyUserSession } from '~/utils/session.server.ts';

export async function action({ request }: ActionFunctionArgs) {
  return redirectWithFlash('/', { kind: 'info', message: 'You are signed out.' }, { headers: { 'Set-Cookie': await destroyUserSession(request) } });
}

export function loader() {
  return redirect('/');
}
