// The product form's fields and their limits (docs/product-rules.md, section 3). Shared by the actions, which
// validate with the zod schema, and the form, which previews the fee from the same parsing.
import '~/utils/zod-config.ts';
import { z } from 'zod';
import { parseDollarsToCents } from '~/utils/money.ts';
import { formDigits } from '~/utils/form-digits.ts';

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

const count = new Intl.NumberFormat('en-US');

export type QuantityRange = { min: number; max: number; hint: string; message: string };

/**
 * The quantities the form accepts. On update, `stock` is the product's stock now: a released
 * checkout gives its units back even when the seller has listed up to 2,000 again meanwhile, so the
 * stock can be above 2,000; the seller may then keep or lower it, but never raise a quantity past 2,000.
 */
export function quantityRange(mode: ProductFormMode, stock = 0): QuantityRange {
  const min = mode === 'create' ? 1 : 0;
  const limit = count.format(PRODUCT_LIMITS.maxQuantity);
  if (mode === 'create' || stock <= PRODUCT_LIMITS.maxQuantity) {
    return { min, max: PRODUCT_LIMITS.maxQuantity, hint: `${min} to ${limit}`, message: `Enter a whole number from ${min} to ${limit}.` };
  }
  const max = count.format(stock);
  return {
    min,
    max: stock,
    hint: `${min} to ${max} (the stock now)`,
    message: `Enter a whole number from ${min} to ${max} (the ${max} in stock now): a quantity above ${limit} can be kept or lowered, not raised.`,
  };
}

/** Units reserved by checkouts in progress, as the edit form tells the seller (null when none). */
export function reservedUnitsNote(reserved: number): string | null {
  if (reserved <= 0) return null;
  return reserved === 1
    ? '1 more is reserved in a checkout in progress: it comes back to stock if that checkout is not paid.'
    : `${count.format(reserved)} more are reserved in checkouts in progress: they come back to stock if those checkouts are not paid.`;
}

const priceField = z
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
  });

/** The quantity field: the range quantityRange gives for the mode (and, on update, the stock). */
function quantityField(mode: ProductFormMode, stock?: number) {
  const range = quantityRange(mode, stock);
  return wholeNumber(range.min, range.max, range.message);
}

/**
 * Keyed by the form's field names, so that zod's issues name the field to mark. On update, `stock`
 * is the product's stock as the route read it (the model checks it again inside its transaction).
 */
export function productFormSchema(mode: ProductFormMode, stock?: number) {
  return z
    .object({
      name: z
        .string()
        .trim()
        .min(1, { message: 'Enter a name.' })
        .max(PRODUCT_LIMITS.name, { message: `Use at most ${PRODUCT_LIMITS.name} characters.` }),
      description: z.string().trim().min(1, { message: 'Enter a description.' }).max(PRODUCT_LIMITS.description, { message: 'Use at most 2,000 characters.' }),
      price: priceField,
      quantity: quantityField(mode, stock),
      images: wholeNumber(1, PRODUCT_LIMITS.maxImages, 'Choose from 1 to 6 images.'),
    })
    .transform(({ name, description, price, quantity, images }): ProductInput => ({ name, description, priceCents: price, quantity, imageCount: images }));
}

/** The typed values of a submitted form; a missing field reads as empty. */
export function productFormValues(form: FormData): ProductFormValues {
  const text = (name: keyof ProductFormValues) => {
    const value = form.get(name);
    return typeof value === 'string' ? value : '';
  };
  return { name: text('name'), description: text('description'), price: text('price'), quantity: text('quantity'), images: text('images') };
}

/**
 * Price and quantity as the fee preview reads them while someone types: null until both are values
 * the form could save, so that no fee is shown for a price or quantity the action refuses.
 */
export function previewAmounts(mode: ProductFormMode, values: Pick<ProductFormValues, 'price' | 'quantity'>, stock?: number) {
  const parsed = z.object({ price: priceField, quantity: quantityField(mode, stock) }).safeParse(values);
  return parsed.success ? { priceCents: parsed.data.price, quantity: parsed.data.quantity } : null;
}
