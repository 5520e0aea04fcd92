// What the cart's forms post (intents add, update and remove), as the cart's action checks it.
import { z } from 'zod';
import { formDigits } from '~/utils/form-digits.ts';

const NOT_A_QUANTITY = 'Enter a whole number of at least 1.';
const quantity = formDigits(NOT_A_QUANTITY)
  .refine((value) => value >= 1, { message: NOT_A_QUANTITY })
  // Past 2^53 a number loses digits. Below it, the cart answers with the product's actual stock.
  .refine(Number.isSafeInteger, { message: 'That is more than any product has in stock: enter a smaller quantity.' });
const lineId = z.uuid({ message: 'This line is not in your cart.' });
export const CartForm = z.discriminatedUnion(
  'intent',
  [
    z.object({ intent: z.literal('add'), productId: z.uuid({ message: 'This product does not exist.' }), quantity }),
    z.object({ intent: z.literal('update'), lineId, quantity }),
    z.object({ intent: z.literal('remove'), lineId }),
  ],
  { message: 'The cart cannot do that.' },
);
