import { Form, useNavigation } from '@remix-run/react';
import { useState, type ReactNode } from 'react';
import { useHydrated } from '~/hooks/use-hydrated.ts';
import { PRODUCT_LIMITS, previewAmounts, quantityRange, reservedUnitsNote, type ProductFormMode, type ProductFormValues } from '~/models/product-input.ts';
import type { ListedProduct } from '~/utils/fees.ts';
import { FeePreview } from './fee-preview.tsx';
import { FieldError, FormError } from './form-errors.tsx';
import { PlainLink } from './plain-link.tsx';
import { errorFocus, invalidProps } from '~/utils/form-errors.ts';
import { useErrorFocus } from '~/hooks/use-error-focus.ts';

export type ProductFormErrors = Partial<Record<keyof ProductFormValues | 'form', string>>;

/** The fields in the order they appear: the first invalid one takes the focus. */
const FIELDS = ['name', 'description', 'price', 'quantity', 'images'] as const;

const SUBMIT = {
  create: { label: 'Create product', pending: 'Creating…' },
  update: { label: 'Save changes', pending: 'Saving…' },
} as const;

/**
 * The create and edit form. Without JavaScript, "Preview fee" posts the form and the page comes
 * back with the fee of what was typed; with it, the fee follows every keystroke and the button
 * goes away. The main button comes first, so Enter in a field submits, not previews.
 */
export function ProductForm({
  mode,
  values,
  errors,
  answer,
  balanceCents,
  before,
  imageUrls = [],
  cancelTo,
  children,
}: {
  mode: ProductFormMode;
  values: ProductFormValues;
  errors: ProductFormErrors;
  /** The action's answer the errors come from: each new one moves the focus to the first error. */
  answer: unknown;
  balanceCents: number;
  /**
   * The product as stored (update only): price, stock, the units checkouts in progress hold (they
   * may come back to stock) and the growth its fees were charged on. The fee is on the growth from it.
   */
  before?: ListedProduct;
  /** The product's current images (update only). */
  imageUrls?: string[];
  cancelTo: string;
  children?: ReactNode;
}) {
  const [live, setLive] = useState(values);
  const hydrated = useHydrated();
  const navigation = useNavigation();
  const submitting = navigation.state === 'submitting' ? navigation.formData?.get('intent') : null;
  const focus = errorFocus(errors, FIELDS);
  const quantity = quantityRange(mode, before?.stock);
  const reservedNote = reservedUnitsNote(before?.reservedUnits ?? 0);
  const form = useErrorFocus<HTMLFormElement>(answer);
  const update = (field: keyof ProductFormValues) => (event: { currentTarget: { value: string } }) => {
    const { value } = event.currentTarget;
    setLive((current) => ({ ...current, [field]: value }));
  };

  return (
    <Form ref={form} method="post" noValidate className="grid gap-x-8 gap-y-6 lg:grid-cols-[minmax(0,1fr)_20rem]">
      <div className="space-y-5">
        <FormError message={errors.form} focus={focus === 'form'} />
        <Field label="Name" name="name" error={errors.name} focus={focus}>
          {(props) => <input {...props} type="text" defaultValue={values.name} autoComplete="off" />}
        </Field>
        <Field label="Description" name="description" error={errors.description} focus={focus}>
          {(props) => <textarea {...props} rows={5} defaultValue={values.description} />}
        </Field>
        <div className="grid gap-5 sm:grid-cols-3">
          <Field label="Price (USD)" name="price" error={errors.price} focus={focus} hint="From $1.00 to $2,000.00">
            {(props) => <input {...props} type="text" inputMode="decimal" placeholder="12.34" defaultValue={values.price} onChange={update('price')} />}
          </Field>
          <Field
            label="Quantity"
            name="quantity"
            error={errors.quantity}
            focus={focus}
            hint={reservedNote ? `${quantity.hint}. ${reservedNote}` : quantity.hint}
          >
            {(props) => (
              <input
                {...props}
                type="number"
                inputMode="numeric"
                min={quantity.min}
                max={quantity.max}
                step={1}
                defaultValue={values.quantity}
                onChange={update('quantity')}
              />
            )}
          </Field>
          <Field label="Number of images" name="images" error={errors.images} focus={focus} hint="1 to 6">
            {(props) => (
              <select {...props} defaultValue={values.images} onChange={update('images')}>
                {Array.from({ length: PRODUCT_LIMITS.maxImages }, (_, index) => (
                  <option key={index} value={String(index + 1)}>
                    {index + 1}
                  </option>
                ))}
              </select>
            )}
          </Field>
        </div>
        <ImagePreviews count={Number(live.images) || 0} imageUrls={imageUrls} />
      </div>
      {/* Beside the fields on a wide screen; on a narrow one after them, before the button that charges it. */}
      <aside className="lg:col-start-2 lg:row-span-2 lg:row-start-1">
        <FeePreview mode={mode} amounts={previewAmounts(mode, live, before?.stock)} before={before} balanceCents={balanceCents} />
      </aside>
      <div className="flex flex-wrap items-center gap-3 lg:col-start-1">
        <button
          type="submit"
          name="intent"
          value={mode}
          disabled={submitting === mode}
          className="rounded-md bg-brand-700 px-4 py-2 font-semibold text-white hover:bg-brand-800 disabled:opacity-60"
        >
          {submitting === mode ? SUBMIT[mode].pending : SUBMIT[mode].label}
        </button>
        {hydrated ? null : (
          <button
            type="submit"
            name="intent"
            value="preview"
            className="rounded-md border border-zinc-300 px-4 py-2 font-semibold hover:bg-zinc-100 dark:border-zinc-700 dark:hover:bg-zinc-800"
          >
            Preview fee
          </button>
        )}
        <PlainLink to={cancelTo} className="px-2 py-2 text-sm font-medium text-zinc-600 hover:underline dark:text-zinc-400">
          Cancel
        </PlainLink>
        {children}
      </div>
    </Form>
  );
}

type ControlProps = ReturnType<typeof invalidProps> & { id: string; name: string; className: string };

function Field({
  label,
  name,
  error,
  focus,
  hint,
  children,
}: {
  label: string;
  name: string;
  error?: string;
  /** The field to focus, if any. */
  focus: string | null;
  hint?: string;
  children: (props: ControlProps) => ReactNode;
}) {
  const hintId = `${name}-hint`;
  return (
    <div>
      <label htmlFor={name} className="block text-sm font-medium">
        {label}
      </label>
      {children({
        id: name,
        name,
        ...invalidProps({ id: name, error, focus: focus === name, hintId: hint && !error ? hintId : undefined }),
        className: 'mt-1 w-full rounded-md border border-zinc-300 bg-white px-3 py-2 aria-invalid:border-red-600 dark:border-zinc-700 dark:bg-zinc-900',
      })}
      <FieldError id={name} message={error} />
      {/* An error says what the hint says, and more: the hint gives way to it. */}
      {hint && !error ? (
        <p id={hintId} className="mt-1 text-xs text-zinc-500 dark:text-zinc-400">
          {hint}
        </p>
      ) : null}
    </div>
  );
}

/** The images the product will have: the current ones kept, new ones generated when it is saved. */
function ImagePreviews({ count, imageUrls }: { count: number; imageUrls: string[] }) {
  const tiles = Array.from({ length: Math.min(Math.max(count, 0), PRODUCT_LIMITS.maxImages) }, (_, index) => imageUrls[index] ?? null);
  if (tiles.length === 0) return null;
  return (
    <ul aria-label="Images" className="flex flex-wrap gap-3">
      {tiles.map((url, index) => (
        <li key={index} className="size-20 overflow-hidden rounded-md border border-zinc-200 bg-zinc-100 dark:border-zinc-800 dark:bg-zinc-800">
          {url ? (
            <img src={url} alt={`Image ${index + 1}`} width={80} height={80} className="size-full object-cover" />
          ) : (
            <span className="flex size-full items-center justify-center p-1 text-center text-xs text-zinc-600 dark:text-zinc-400">New image</span>
          )}
        </li>
      ))}
    </ul>
  );
}
