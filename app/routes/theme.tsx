// POST /theme: stores the theme choice in its cookie and goes back to the page it came from.
import { redirect, type ActionFunctionArgs } from '@remix-run/node';
import { z } from 'zod';
import { safeRedirectPath } from '~/models/auth.server.ts';
import { readFormData } from '~/utils/forms.server.ts';
import { serializeTheme, ThemeSchema } from '~/utils/theme.server.ts';

const ThemeForm = z.object({ theme: ThemeSchema, redirectTo: z.string().optional() });

export async function action({ request }: ActionFunctionArgs) {
  const parsed = ThemeForm.safeParse(Object.fromEntries(await readFormData(request)));
  if (!parsed.success) throw new Response('Choose light, dark or system.', { status: 400 });
  return redirect(safeRedirectPath(parsed.data.redirectTo), {
    headers: { 'Set-Cookie': await serializeTheme(parsed.data.theme) },
  });
}

export function loader() {
  return redirect('/');
}
