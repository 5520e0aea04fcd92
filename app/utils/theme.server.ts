// The colour theme lives in a plain cookie so that the first paint is already right, with or
// without JavaScript.
import { createCookie } from '@remix-run/node';
import { z } from 'zod';

const THEMES = ['light', 'dark', 'system'] as const;
export type Theme = (typeof THEMES)[number];
export const ThemeSchema = z.enum(THEMES);

const themeCookie = createCookie('theme', { path: '/', sameSite: 'lax', maxAge: 60 * 60 * 24 * 365, httpOnly: true });

export async function getTheme(request: Request): Promise<Theme> {
  const parsed = ThemeSchema.safeParse(await themeCookie.parse(request.headers.get('Cookie')));
  return parsed.success ? parsed.data : 'system';
}

export function serializeTheme(theme: Theme) {
  return themeCookie.serialize(theme);
}
