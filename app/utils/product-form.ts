// The product form's fields and their limits (product.md section 3). Shared by the actions, which
// validate with the zod schema, and the form, which previews the fee from the same parsing.
import { z } from 'zod';
import { parseDollarsToCents } from './money.ts';
import { formDigits } from './validation.ts';

export const PRODUCT_LIMITS = {
  name: 100,
  description: 2_000,
  minPriceCents: 1_00,
  maxPriceCents: 2_000_00,
  maxQuantity: 2_000,
  maxImages: 6,
} as const;

export type ProductFormMode = 'create' | 'update';

/** What the form holds, as typed: re-rendered unchanged after a refusal. */
export type ProductFormValues = { name: string; description: string; price: string; quantity: string; images: string };

export type ProductInput = { name: string; description: string; priceCents: number; quantity: number; imageCount: number };

const wholeNumber = (min: number, max: number, message: string) => formDigits(message).refine((value) => value >= min && value <= max, { message });

/** Keyed by the form's field names, so that zod's issues name the field to mark. */
export function productFormSchema(mode: ProductFormMode) {
  const minQuantity = mode === 'create' ? 1 : 0;
  return z
    .object({
      name: z
        .string()
        .trim()
        .min(1, { message: 'Enter a name.' })
        .max(PRODUCT_LIMITS.name, { message: `Use at most ${PRODUCT_LIMITS.name} characters.` }),
      description: z
        .string()
        .trim()
        .min(1, { message: 'Enter a description.' })
        .max(PRODUCT_LIMITS.description, { message: 'Use at most 2,000 characters.' }),
      price: z
        .string()
        .transform((value, ctx) => {
          const cents = parseDollarsToCents(value);
          if (cents === null) {
            ctx.addIssue({ code: 'custom', message: 'Enter a price in dollars and cents, like 12.34.' });
            return z.NEVER;
          }
          return cents;
        })
        .refine((cents) => cents >= PRODUCT_LIMITS.minPriceCents && cents <= PRODUCT_LIMITS.maxPriceCents, {
          message: 'The price must be from $1.00 to $2,000.00.',
        }),
      quantity: wholeNumber(minQuantity, PRODUCT_LIMITS.maxQuantity, `Enter a whole number from ${minQuantity} to 2,000.`),
      images: wholeNumber(1, PRODUCT_LIMITS.maxImages, 'Choose from 1 to 6 images.'),
    })
    .transform(
      ({ name, description, price, quantity, images }): ProductInput => ({ name, description, priceCents: price, quantity, imageCount: images }),
    );
}

/** The typed values of a submitted form; a missing field reads as empty. */
export function productFormValues(form: FormData): ProductFormValues {
  const text = (name: keyof ProductFormValues) => {
    const value = form.get(name);
    return typeof value === 'string' ? value : '';
  };
  return { name: text('name'), description: text('description'), price: text('price'), quantity: text('quantity'), images: text('images') };
}

/** Price and quantity as the fee preview reads them while someone types; null until they parse. */
export function previewAmounts(values: Pick<ProductFormValues, 'price' | 'quantity'>) {
  const priceCents = parseDollarsToCents(values.price);
  const quantity = /^\d{1,9}$/.test(values.quantity.trim()) ? Number(values.quantity.trim()) : null;
  return priceCents === null || quantity === null ? null : { priceCents, quantity };
}
