import '~/utils/zod-config.ts';
import { data, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node';
import {
  isRouteErrorResponse,
  Links,
  Meta,
  Outlet,
  Scripts,
  ScrollRestoration,
  useFetcher,
  useRouteError,
  useRouteLoaderData,
} from '@remix-run/react';
import { useEffect, type ReactNode } from 'react';
import { AppShell } from '~/components/app-shell.tsx';
import { ErrorPage } from '~/components/error-page.tsx';
import { FlashToast } from '~/components/flash-toast.tsx';
import { TimeZoneCookie } from '~/components/time-zone-cookie.tsx';
import { getSidebarCounts } from '~/models/user.server.ts';
import { getUser } from '~/utils/auth.server.ts';
import { readFlash } from '~/utils/flash.server.ts';
import { useNonce } from '~/utils/nonce.ts';
import { getTheme, type Theme } from '~/utils/theme.server.ts';
import stylesheet from '~/tailwind.css';

export const links: LinksFunction = () => [
  { rel: 'stylesheet', href: stylesheet },
  { rel: 'icon', href: '/favicon.ico' },
];

/** Routes set their own titles; this one names the error pages. */
export const meta: MetaFunction = ({ error }) => {
  if (!error) return [{ title: 'REEN' }];
  const notFound = isRouteErrorResponse(error) && error.status === 404;
  return [{ title: notFound ? 'Page not found | REEN' : 'Error | REEN' }];
};

export async function loader({ request }: LoaderFunctionArgs) {
  const [user, theme, { flash, clearCookie }] = await Promise.all([getUser(request), getTheme(request), readFlash(request)]);
  const counts = await getSidebarCounts(user?.id ?? null);
  return data(
    { user: user && { id: user.id, name: user.name, role: user.role }, theme, counts, flash },
    clearCookie ? { headers: { 'Set-Cookie': clearCookie } } : undefined,
  );
}

/** The theme being applied: an in-flight theme submission wins over the cookie's value. */
function useTheme(cookieTheme: Theme): Theme {
  const fetcher = useFetcher({ key: 'theme' });
  const pending = fetcher.formData?.get('theme');
  return pending === 'light' || pending === 'dark' || pending === 'system' ? pending : cookieTheme;
}

export function Layout({ children }: { children: ReactNode }) {
  const data = useRouteLoaderData<typeof loader>('root');
  const theme = useTheme(data?.theme ?? 'system');
  const nonce = useNonce();
  return (
    <html lang="en" data-theme={theme}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
        <TimeZoneCookie nonce={nonce} />
      </head>
      <body>
        {data ? (
          <AppShell user={data.user} counts={data.counts} theme={theme}>
            <FlashToast flash={data.flash} />
            {children}
          </AppShell>
        ) : (
          children
        )}
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
        <Hydrated />
      </body>
    </html>
  );
}

/** Marks the document once React has hydrated; e2e tests use it to prove which mode ran. */
function Hydrated() {
  useEffect(() => {
    document.documentElement.dataset.hydrated = 'true';
  }, []);
  return null;
}

export default function App() {
  return <Outlet />;
}

export function ErrorBoundary() {
  return <ErrorPage error={useRouteError()} />;
}
