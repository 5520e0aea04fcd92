import { useFetcher, useLocation } from '@remix-run/react';
import type { Theme } from '~/utils/theme.server.ts';
import { MoonIcon, SunIcon, SystemIcon } from './icons.tsx';

const OPTIONS: { value: Theme; label: string; Icon: () => JSX.Element }[] = [
  { value: 'light', label: 'Light', Icon: SunIcon },
  { value: 'dark', label: 'Dark', Icon: MoonIcon },
  { value: 'system', label: 'System', Icon: SystemIcon },
];

/**
 * Three submit buttons in one form: without JavaScript the POST sets the cookie and redirects
 * back; with it a fetcher submits and the root applies the new theme at once.
 */
export function ThemeSwitch({ theme }: { theme: Theme }) {
  const fetcher = useFetcher({ key: 'theme' });
  const location = useLocation();
  return (
    <fetcher.Form method="post" action="/theme" className="flex items-center rounded-full border border-zinc-200 p-0.5 dark:border-zinc-700">
      <input type="hidden" name="redirectTo" value={`${location.pathname}${location.search}`} />
      <span className="sr-only" id="theme-label">
        Theme
      </span>
      {OPTIONS.map((option) => (
        <button
          key={option.value}
          type="submit"
          name="theme"
          value={option.value}
          aria-pressed={theme === option.value}
          aria-describedby="theme-label"
          title={`${option.label} theme`}
          className="rounded-full p-1.5 text-sm text-zinc-600 aria-pressed:bg-zinc-900 aria-pressed:text-white dark:text-zinc-300 dark:aria-pressed:bg-zinc-100 dark:aria-pressed:text-zinc-900"
        >
          <option.Icon />
          <span className="sr-only">{option.label}</span>
        </button>
      ))}
    </fetcher.Form>
  );
}
