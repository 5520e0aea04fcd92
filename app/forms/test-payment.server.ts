// The test payment page's Pay form.
import { z } from 'zod';

const CARD_MESSAGE = 'Enter a 16-digit card number, for example the test card 4242 4242 4242 4242.';
export const PayForm = z.object({
  intent: z.literal('pay', { message: 'Use the Pay button of this page.' }),
  card: z
    .string({ message: CARD_MESSAGE })
    .transform((value) => value.replace(/[\s-]/g, ''))
    .pipe(z.string().regex(/^\d{16}$/, { message: CARD_MESSAGE })),
});
