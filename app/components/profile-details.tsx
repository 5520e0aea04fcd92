// The profile's "Your name and email": a form for an account made on the demo sign-in; otherwise
// where the change is made (Clerk's account page) or why it is not (a shared demo persona).
import { Form, useNavigation } from '@remix-run/react';
import type { FieldErrors } from '~/utils/validation.ts';
import { FormError } from './form-errors.tsx';
import { PlainLink } from './plain-link.tsx';
import { TextField } from './text-field.tsx';
import { errorFocus } from '~/utils/form-errors.ts';

export type DetailsMode = 'form' | 'clerk' | 'persona';

type Props = {
  mode: DetailsMode;
  name: string;
  email: string | null;
  /** After a refused change: the messages, and what was typed (shown again). */
  answer?: { errors: FieldErrors; values: { name: string; email: string } };
};

export function ProfileDetails({ mode, name, email, answer }: Props) {
  return (
    <section aria-labelledby="details-heading" className="space-y-3 rounded-lg border border-zinc-200 bg-white p-4 dark:border-zinc-800 dark:bg-zinc-900">
      <h2 id="details-heading" className="text-lg font-semibold">
        Your name and email
      </h2>
      {mode === 'form' ? (
        <DetailsForm name={name} email={email} answer={answer} />
      ) : (
        <>
          <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm">
            <dt className="text-zinc-500 dark:text-zinc-400">Name</dt>
            <dd className="break-words">{name}</dd>
            <dt className="text-zinc-500 dark:text-zinc-400">Email</dt>
            <dd className="break-all">{email ?? '—'}</dd>
          </dl>
          {mode === 'clerk' ? (
            <p className="text-sm text-zinc-600 dark:text-zinc-400" data-testid="details-where">
              They come from your Clerk account: change them on{' '}
              <PlainLink to="/profile/account" className="font-medium text-brand-700 underline dark:text-brand-500">
                your account page
              </PlainLink>
              , and REEN shows the new ones within moments.
            </p>
          ) : (
            <p className="text-sm text-zinc-600 dark:text-zinc-400" data-testid="details-where">
              This demo account is shared, so its name and email stay as they are. Create an account of your own to choose yours.
            </p>
          )}
        </>
      )}
    </section>
  );
}

const FIELDS = ['name', 'email', 'password'] as const;

function DetailsForm({ name, email, answer }: Omit<Props, 'mode'>) {
  const navigation = useNavigation();
  const saving = navigation.state !== 'idle' && navigation.formData?.get('intent') === 'details';
  const errors = answer?.errors ?? {};
  const focus = errorFocus(errors, FIELDS, ['form', 'intent']);
  return (
    <Form method="post" className="space-y-3" noValidate>
      <p className="text-sm text-zinc-600 dark:text-zinc-400">Your orders, sales, emails and the users list show the new ones from then on.</p>
      <FormError message={errors.form ?? errors.intent} focus={focus === 'form'} />
      <input type="hidden" name="intent" value="details" />
      <Field label="Name" name="name" autoComplete="name" defaultValue={answer?.values.name ?? name} error={errors.name} focus={focus === 'name'} />
      <Field
        label="Email"
        name="email"
        type="email"
        autoComplete="email"
        defaultValue={answer?.values.email ?? email ?? ''}
        error={errors.email}
        focus={focus === 'email'}
      />
      <Field
        label="Your password (only to change your email)"
        name="password"
        type="password"
        autoComplete="current-password"
        hint="Your email and password together open your account, so a new email needs it."
        error={errors.password}
        focus={focus === 'password'}
      />
      <button
        type="submit"
        disabled={saving}
        className="rounded-md border border-zinc-300 px-3 py-1.5 text-sm font-medium hover:bg-zinc-100 disabled:opacity-60 dark:border-zinc-700 dark:hover:bg-zinc-800"
      >
        {saving ? 'Saving…' : 'Save name and email'}
      </button>
    </Form>
  );
}

/** A field of this form: ids of their own (the profile holds other forms), on the section's card. */
function Field(props: Omit<React.ComponentProps<typeof TextField>, 'id' | 'hintBelow' | 'inputClassName'>) {
  return <TextField id={`details-${props.name}`} hintBelow inputClassName="max-w-md dark:bg-zinc-950" {...props} />;
}
