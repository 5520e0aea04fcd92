// /profile/delete: what deleting your account does, and the form that confirms it (a page of its own,
// so the confirmation step works without JavaScript). In Clerk mode the account is deleted at Clerk
// first, then here; Clerk's user.deleted webhook then finds nothing left to do.
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node';
import { Form, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { FieldError, FormError } from '~/components/form-errors.tsx';
import { PlainLink } from '~/components/plain-link.tsx';
import { errorFocus, invalidProps } from '~/utils/form-errors.ts';
import { useErrorFocus } from '~/hooks/use-error-focus.ts';
import { deleteAccount, deleteClerkAccount, previewAccountDeletion } from '~/models/account.server.ts';
import { clerkIdOf } from '~/models/user.server.ts';
import { requireUser } from '~/models/auth.server.ts';
import { deleteClerkUser, signOutOfClerk } from '~/utils/clerk.server.ts';
import { isClerkMode } from '~/utils/env.server.ts';
import { redirectWithFlash } from '~/utils/flash.server.ts';
import { logger } from '~/utils/logger.server.ts';
import { readFormData } from '~/utils/forms.server.ts';
import { destroyUserSession } from '~/models/session.server.ts';
import { answerRefusal } from '~/utils/refusals.server.ts';
import { fieldErrors, type FieldErrors } from '~/utils/validation.ts';
import { UserText } from '~/components/user-text.tsx';
import { Money } from '~/components/money.tsx';
import { DeleteForm } from '~/forms/profile-delete.server.ts';

export const meta: MetaFunction = () => [{ title: 'Delete your account | REEN' }];

/** Refusals: the confirmation box left unticked (confirm), or the form's own message (form, intent). */
type ActionData = { errors: FieldErrors };

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  return { name: user.name, preview: await previewAccountDeletion(user.id) };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const parsed = DeleteForm.safeParse(Object.fromEntries(await readFormData(request)));
  if (!parsed.success) return data<ActionData>({ errors: fieldErrors(parsed.error) }, { status: 400 });

  const headers = new Headers();
  try {
    const clerkId = isClerkMode() ? await clerkIdOf(user.id) : null;
    if (clerkId) {
      try {
        await deleteClerkUser(clerkId);
      } catch (error) {
        logger().error({ err: error, clerkId }, 'Clerk could not delete the user');
        return data<ActionData>(
          { errors: { form: 'The sign-in service could not be reached, so nothing was deleted. Please try again in a moment.' } },
          { status: 503 },
        );
      }
      await deleteClerkAccount(clerkId);
      for (const cookie of await signOutOfClerk(request)) headers.append('Set-Cookie', cookie);
    } else {
      await deleteAccount(user.id);
      headers.append('Set-Cookie', await destroyUserSession(request));
    }
  } catch (error) {
    return answerRefusal(error, ({ message, status }) => data<ActionData>({ errors: { form: message } }, { status }));
  }
  return redirectWithFlash('/', { kind: 'info', message: 'Your account was deleted. Your past orders are kept, without your name.' }, { headers });
}

export default function DeleteAccount() {
  const { name, preview } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const pending = navigation.state === 'submitting' && navigation.formAction === '/profile/delete';
  const errors = actionData?.errors ?? {};
  const focus = errorFocus(errors, ['confirm'], ['form', 'intent']);
  const page = useErrorFocus<HTMLElement>(actionData);
  return (
    <section ref={page} aria-labelledby="delete-heading" className="mx-auto max-w-xl space-y-6 py-4">
      <h1 id="delete-heading" className="text-3xl font-bold">
        Delete your account
      </h1>
      <p>
        <UserText>{name}</UserText>, deleting your account cannot be undone. This is what happens, all at once:
      </p>
      <ul className="list-disc space-y-1 pl-5 text-sm" data-testid="deletion-preview">
        <li>{`Your cart (${preview.cartLines} ${preview.cartLines === 1 ? 'line' : 'lines'}) is emptied${preview.openCheckouts ? ', and your checkout in progress is cancelled' : ''}.`}</li>
        <li>{`${preview.productsDeleted} of your products that nobody bought ${preview.productsDeleted === 1 ? 'is' : 'are'} deleted.`}</li>
        <li>{`${preview.productsAnonymised} of your products that orders or checkouts refer to ${preview.productsAnonymised === 1 ? 'stays' : 'stay'} in those, without your name.`}</li>
        <li>
          Your balance of <Money cents={preview.balanceCents} /> goes to the platform.
        </li>
        <li>Your past orders are kept, without your name or email.</li>
      </ul>
      <Form method="post" action="/profile/delete" className="space-y-4" noValidate>
        <FormError message={errors.form ?? errors.intent} focus={focus === 'form'} />
        <input type="hidden" name="intent" value="delete" />
        <div>
          <div className="flex items-start gap-2">
            <input
              id="confirm"
              name="confirm"
              type="checkbox"
              value="yes"
              required
              {...invalidProps({ id: 'confirm', error: errors.confirm, focus: focus === 'confirm' })}
              className="mt-1"
            />
            <label htmlFor="confirm">I understand: delete my account and everything above for good.</label>
          </div>
          <FieldError id="confirm" message={errors.confirm} />
        </div>
        <div className="flex flex-wrap items-center gap-3">
          <button type="submit" disabled={pending} className="rounded-md bg-red-700 px-4 py-2 font-semibold text-white hover:bg-red-800 disabled:opacity-60">
            {pending ? 'Deleting your account…' : 'Delete my account'}
          </button>
          <PlainLink to="/profile" className="rounded-md border border-zinc-300 px-4 py-2 font-medium dark:border-zinc-700">
            Cancel
          </PlainLink>
        </div>
      </Form>
    </section>
  );
}
