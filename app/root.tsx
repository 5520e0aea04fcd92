import { data, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node';
import {
  isRouteErrorResponse,
  Links,
  Meta,
  Outlet,
  Scripts,
  ScrollRestoration,
  useFetcher,
  useLoaderData,
  useRouteError,
  useRouteLoaderData,
} from '@remix-run/react';
import { useEffect, type ReactNode } from 'react';
import { AppShell } from '~/components/app-shell.tsx';
import { BrokenImageFallback } from '~/components/broken-image-fallback.tsx';
import { ClerkProvider } from '~/components/clerk-components.tsx';
import { ErrorPage } from '~/components/error-page.tsx';
import { FlashToast } from '~/components/flash-toast.tsx';
import { RouterLinks } from '~/components/router-links.tsx';
import { TimeZoneCookie } from '~/components/time-zone-cookie.tsx';
import { getSidebarCounts } from '~/models/user.server.ts';
import { getUser } from '~/models/auth.server.ts';
import { clerkServerSdk } from '~/utils/clerk-sdk.server.ts';
import { clerkAuthOptions, clerkSession } from '~/utils/clerk.server.ts';
import { isClerkMode } from '~/utils/env.server.ts';
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

async function shell(request: Request) {
  const [user, theme, { flash, clearCookie }] = await Promise.all([getUser(request), getTheme(request), readFlash(request)]);
  const counts = await getSidebarCounts(user);
  const headers: HeadersInit = clearCookie ? { 'Set-Cookie': clearCookie } : {};
  return { shell: { user: user && { id: user.id, name: user.name, role: user.role, isNewAccount: user.isNewAccount }, theme, counts, flash }, headers };
}

type RootData = Awaited<ReturnType<typeof shell>>['shell'] & {
  /** Clerk mode: what Clerk's components need in the browser (see ClerkProvider below). */
  clerkState?: unknown;
};

export async function loader(args: LoaderFunctionArgs) {
  const { request } = args;
  // A form post let through on a recently expired token renders without Clerk's state: asking
  // Clerk for it would start a handshake in the middle of that post.
  if (!isClerkMode() || (await clerkSession(request))?.expired) {
    const { shell: root, headers } = await shell(request);
    return data<RootData>(root, { headers });
  }
  // Clerk's root loader adds clerkState (and any cookies Clerk renewed) to our data.
  const { rootAuthLoader } = (await clerkServerSdk()).ssr;
  const response: Response = await rootAuthLoader(
    args,
    async () => {
      const { shell: root, headers } = await shell(request);
      return Response.json(root, { headers });
    },
    clerkAuthOptions(request),
  );
  // A JSON Response, which Remix decodes into the same RootData (plus clerkState).
  return response as unknown as ReturnType<typeof data<RootData>>;
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
        <RouterLinks />
        <BrokenImageFallback />
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
  const { clerkState } = useLoaderData<typeof loader>();
  const nonce = useNonce();
  // Clerk mode: its sign-in components, and its script renewing the session token with JavaScript on.
  return clerkState ? (
    <ClerkProvider clerkState={clerkState} nonce={nonce}>
      <Outlet />
    </ClerkProvider>
  ) : (
    <Outlet />
  );
}

export function ErrorBoundary() {
  return <ErrorPage error={useRouteError()} />;
}
