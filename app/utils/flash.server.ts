// One-time messages shown after a redirect ("Product created"), carried by a short-lived signed
// cookie so they survive the POST -> redirect -> GET round trip with or without JavaScript.
import { createCookie, redirect } from '@remix-run/node';
import { z } from 'zod';
import { cookiesAreSecure, env } from './env.server.ts';

const Flash = z.object({
  kind: z.enum(['success', 'error', 'info']),
  message: z.string().min(1).max(500),
  // Tells two identical messages in a row apart, so the second one is shown again.
  id: z.string(),
  // The first page of a new account: it greets "Welcome", where a returning sign-in gets "Welcome back".
  newAccount: z.boolean().optional(),
});

export type Flash = z.infer<typeof Flash>;
export type FlashInput = Omit<Flash, 'id'>;

let cookie: ReturnType<typeof createCookie> | undefined;

function flashCookie() {
  const secret = env().SESSION_SECRET;
  if (!secret) throw new Error('SESSION_SECRET is not set');
  cookie ??= createCookie('__flash', {
    httpOnly: true,
    sameSite: 'lax',
    path: '/',
    maxAge: 60,
    secure: cookiesAreSecure(),
    secrets: [secret],
  });
  return cookie;
}

/** Set-Cookie value that shows `flash` on the next page rendered. */
export function setFlashCookie(flash: FlashInput): Promise<string> {
  return flashCookie().serialize({ ...flash, id: crypto.randomUUID() });
}

/** A 303 redirect (the right answer to a POST) that shows `flash` on the page it leads to. */
export async function redirectWithFlash(url: string, flash: FlashInput, init: { headers?: HeadersInit } = {}) {
  const headers = new Headers(init.headers);
  headers.append('Set-Cookie', await setFlashCookie(flash));
  return redirect(url, { status: 303, headers });
}

/**
 * The pending message, if any, and the Set-Cookie value that clears it (the root loader sends it,
 * so a message is shown once).
 */
export async function readFlash(request: Request): Promise<{ flash: Flash | null; clearCookie: string | null }> {
  const header = request.headers.get('Cookie');
  if (!header?.includes('__flash=')) return { flash: null, clearCookie: null };
  const parsed = Flash.safeParse(await flashCookie().parse(header));
  const clearCookie = await flashCookie().serialize('', { maxAge: 0 });
  return { flash: parsed.success ? parsed.data : null, clearCookie };
}
