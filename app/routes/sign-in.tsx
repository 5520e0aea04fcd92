// Sign-in. Clerk mode: Clerk's sign-in component (it needs JavaScript; every page after it works
// without). Demo mode: the local sign-in with plain forms, so it works without JavaScript: continue as
// one of the shared demo personas, sign back in with the email and password chosen at sign-up, or
// create an account (ADR 013: nobody signs into an account someone else created).
import { ClerkSignIn } from '~/components/clerk-components.tsx';
import { ClerkPage } from '~/components/clerk-page.tsx';
import { FormError } from '~/components/form-errors.tsx';
import { TextField } from '~/components/text-field.tsx';
import { errorFocus } from '~/utils/form-errors.ts';
import { useErrorFocus } from '~/hooks/use-error-focus.ts';
import { data, redirect, type ActionFunctionArgs, type HeadersFunction, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node';
import { Form, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { consumeRateLimit } from '~/models/rate-limit.server.ts';
import { DEMO_EMAIL_DOMAIN, findLocalAccount, isDemoAccount, isPersonaEmail, listDemoAccounts, looksLikePersona, signUpLocally } from '~/models/user.server.ts';
import { getUser, safeRedirectPath } from '~/models/auth.server.ts';
import { env, isClerkMode, isDemo } from '~/utils/env.server.ts';
import { setFlashCookie } from '~/utils/flash.server.ts';
import { readFormData } from '~/utils/forms.server.ts';
import { credentialKey } from '~/utils/password.server.ts';
import { commitUserSession, destroyUserSession } from '~/models/session.server.ts';
import { answerRefusal, notFound } from '~/utils/refusals.server.ts';
import { fieldErrors, type FieldErrors } from '~/utils/validation.ts';
import { SignInForm } from '~/forms/sign-in.server.ts';

export const meta: MetaFunction = () => [{ title: 'Sign in | REEN' }];

/** A page re-rendered after a rate-limited attempt says when to come back. */
export const headers: HeadersFunction = ({ actionHeaders }) => {
  const retryAfter = actionHeaders.get('Retry-After');
  return retryAfter ? { 'Retry-After': retryAfter } : new Headers();
};

type ActionData = { errors: FieldErrors; values?: { accountEmail?: string; name?: string; email?: string } };

/** One answer for an unknown email, an account without a password and a wrong password (ADR 013). */
const WRONG_CREDENTIALS = 'That email and password do not match an account made here.';

/** The demo sign-in exists only in demo mode without Clerk: a real deployment signs people in with Clerk. */
function requireDemoMode() {
  if (isClerkMode() || !isDemo()) notFound();
}

export async function loader({ request }: LoaderFunctionArgs) {
  const redirectTo = safeRedirectPath(new URL(request.url).searchParams.get('redirectTo'));
  if (isClerkMode()) {
    if (await getUser(request)) throw redirect(redirectTo);
    return { mode: 'clerk' as const, redirectTo, accounts: [] };
  }
  requireDemoMode();
  if (await getUser(request)) throw redirect(redirectTo);
  return { mode: 'demo' as const, redirectTo, accounts: await listDemoAccounts() };
}

export async function action({ request, context }: ActionFunctionArgs) {
  requireDemoMode();
  const limit = await consumeRateLimit(`sign-in:${context.clientIp ?? 'unknown'}`, env().SIGN_IN_ATTEMPTS_PER_MINUTE);
  if (!limit.allowed) {
    const message = `Too many sign-in attempts from your address: wait ${limit.retryAfterSeconds} seconds, then try again.`;
    return data<ActionData>({ errors: { form: message } }, { status: 429, headers: { 'Retry-After': String(limit.retryAfterSeconds) } });
  }
  const form = Object.fromEntries(await readFormData(request));
  const parsed = SignInForm.safeParse(form);
  // Passwords are never sent back into the page.
  const values = { accountEmail: String(form.accountEmail ?? ''), name: String(form.name ?? ''), email: String(form.email ?? '') };
  if (!parsed.success) {
    return data<ActionData>({ errors: fieldErrors(parsed.error), values }, { status: 400 });
  }
  const redirectTo = safeRedirectPath(parsed.data.redirectTo);
  let userId: string;
  let created = false;
  if (parsed.data.intent === 'pick') {
    if (!(await isDemoAccount(parsed.data.userId))) {
      return data<ActionData>({ errors: { userId: 'That demo account does not exist.' } }, { status: 404 });
    }
    userId = parsed.data.userId;
  } else if (parsed.data.intent === 'password') {
    // One hash and one lookup, whether or not the email has an account.
    const account = await findLocalAccount(parsed.data.accountEmail, await credentialKey(parsed.data.accountEmail, parsed.data.password));
    if (!account) {
      return data<ActionData>({ errors: { password: WRONG_CREDENTIALS }, values }, { status: 401 });
    }
    userId = account.id;
  } else {
    const { name, email, newPassword } = parsed.data;
    if (isPersonaEmail(email)) {
      return data<ActionData>(
        { errors: { email: `Addresses @${DEMO_EMAIL_DOMAIN} belong to the demo accounts: use another email.` }, values },
        { status: 409 },
      );
    }
    if (await looksLikePersona(name)) {
      return data<ActionData>(
        { errors: { name: 'This is the name of a demo account: choose another, so nobody mistakes you for it.' }, values },
        { status: 409 },
      );
    }
    try {
      // An email that other accounts use is no obstacle: sign-up never tells whether one does.
      ({ id: userId, created } = await signUpLocally({ name, email, key: await credentialKey(email, newPassword) }));
    } catch (error) {
      return answerRefusal(error, ({ message, status }) => data<ActionData>({ errors: { form: message }, values }, { status }));
    }
  }
  // A browser that was signed in already leaves no session of its own behind.
  await destroyUserSession(request);
  const headers = new Headers({ 'Set-Cookie': await commitUserSession(userId, { firstOfAccount: created }) });
  // A new account's first page says what it holds (the session made with it greets it "Welcome").
  if (created)
    headers.append('Set-Cookie', await setFlashCookie({ kind: 'success', message: 'Your account is ready: it starts with $4,000,000.00 to spend.' }));
  return redirect(redirectTo, { headers });
}

export default function SignIn() {
  const { mode, redirectTo } = useLoaderData<typeof loader>();
  if (mode === 'clerk') {
    return (
      <ClerkPage title="Sign in">
        <ClerkSignIn routing="hash" signUpUrl={`/sign-up?${new URLSearchParams({ redirectTo })}`} fallbackRedirectUrl={redirectTo} />
      </ClerkPage>
    );
  }
  return <DemoSignIn redirectTo={redirectTo} />;
}

function DemoSignIn({ redirectTo }: { redirectTo: string }) {
  const { accounts } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const busyIntent = navigation.state !== 'idle' ? navigation.formData?.get('intent') : null;
  const errors = actionData?.errors ?? {};
  const focus = errorFocus(errors, ['accountEmail', 'password', 'name', 'email', 'newPassword'], ['form', 'intent', 'userId']);
  const page = useErrorFocus<HTMLDivElement>(actionData);

  return (
    <div ref={page} className="mx-auto max-w-xl space-y-10 py-6">
      <h1 className="text-3xl font-bold">Sign in</h1>
      <p className="text-zinc-600 dark:text-zinc-400">
        This is the demo sign-in. Create an account with a password of your own, or sign back into it; every new account starts with $4,000,000.
      </p>
      <FormError message={errors.form ?? errors.intent} focus={focus === 'form' && !errors.userId} />

      <section aria-labelledby="demo-heading">
        <h2 id="demo-heading" className="text-xl font-semibold">
          Demo accounts
        </h2>
        <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400" data-testid="shared-personas">
          These accounts are shared: anyone can continue as them, without a password, and see and spend what they hold. Keep anything of your own in an account
          you create below.
        </p>
        <FormError message={errors.userId} focus={focus === 'form' && Boolean(errors.userId)} className="mt-2" />
        {accounts.length === 0 ? (
          <p className="mt-2 text-zinc-600 dark:text-zinc-400">No demo accounts yet: create one below.</p>
        ) : (
          <ul className="mt-3 grid gap-2 sm:grid-cols-2">
            {accounts.map((account) => (
              <li key={account.id} className="flex">
                {/* Stretched to the row, so that the buttons of a row are as tall as its longest name. */}
                <Form method="post" className="flex w-full">
                  <input type="hidden" name="intent" value="pick" />
                  <input type="hidden" name="userId" value={account.id} />
                  <input type="hidden" name="redirectTo" value={redirectTo} />
                  <button
                    type="submit"
                    disabled={busyIntent === 'pick'}
                    className="flex w-full items-center justify-between gap-2 rounded-md border border-zinc-200 bg-white px-3 py-2 text-left hover:border-brand-500 disabled:opacity-60 dark:border-zinc-700 dark:bg-zinc-900"
                  >
                    <span className="min-w-0 wrap-anywhere">{`Continue as ${account.name}`}</span>
                    <span className="text-xs text-zinc-500 dark:text-zinc-400">{account.role}</span>
                  </button>
                </Form>
              </li>
            ))}
          </ul>
        )}
      </section>

      <FormSection id="returning-heading" heading="Signed up here before?" intent="password" redirectTo={redirectTo}>
        <TextField
          label="Email you signed up with"
          name="accountEmail"
          type="email"
          autoComplete="username"
          defaultValue={actionData?.values?.accountEmail}
          error={errors.accountEmail}
          focus={focus === 'accountEmail'}
        />
        <TextField label="Password" name="password" type="password" autoComplete="current-password" error={errors.password} focus={focus === 'password'} />
        <button
          type="submit"
          disabled={busyIntent === 'password'}
          className="rounded-md border border-zinc-300 px-4 py-2 font-semibold hover:bg-zinc-100 disabled:opacity-60 dark:border-zinc-700 dark:hover:bg-zinc-800"
        >
          {busyIntent === 'password' ? 'Signing in…' : 'Sign in'}
        </button>
      </FormSection>

      <FormSection id="create-heading" heading="Create an account" intent="create" redirectTo={redirectTo}>
        <TextField label="Name" name="name" autoComplete="name" defaultValue={actionData?.values?.name} error={errors.name} focus={focus === 'name'} />
        <TextField
          label="Email"
          name="email"
          type="email"
          autoComplete="email"
          defaultValue={actionData?.values?.email}
          error={errors.email}
          focus={focus === 'email'}
        />
        <TextField
          label="Choose a password"
          name="newPassword"
          type="password"
          autoComplete="new-password"
          hint="At least 8 characters. Your email and this password together open your account; the demo cannot reset it."
          error={errors.newPassword}
          focus={focus === 'newPassword'}
        />
        <button
          type="submit"
          disabled={busyIntent === 'create'}
          className="rounded-md bg-brand-700 px-4 py-2 font-semibold text-white hover:bg-brand-800 disabled:opacity-60"
        >
          {busyIntent === 'create' ? 'Creating…' : 'Create account and sign in'}
        </button>
      </FormSection>
    </div>
  );
}

/** A titled section of the page holding one plain form, posted with its `intent`. */
function FormSection({
  id,
  heading,
  intent,
  redirectTo,
  children,
}: {
  id: string;
  heading: string;
  intent: string;
  redirectTo: string;
  children: React.ReactNode;
}) {
  return (
    <section aria-labelledby={id}>
      <h2 id={id} className="text-xl font-semibold">
        {heading}
      </h2>
      <Form method="post" className="mt-3 space-y-4" noValidate>
        <input type="hidden" name="intent" value={intent} />
        <input type="hidden" name="redirectTo" value={redirectTo} />
        {children}
      </Form>
    </section>
  );
}
