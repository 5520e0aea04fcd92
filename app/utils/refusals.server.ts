// How routes answer the errors the models raise on purpose: one table from each refusal to its HTTP
// status, and where it goes in the route's answer. Each route keeps its own shape of answer (its
// form with the message in place, a flash, a line on the page); an error this table does not know
// is ours, and is thrown on (a 500, logged).
import { CartError } from '~/models/cart.server.ts';
import { CheckoutContendedError, CheckoutRefusedError, PaymentUnavailableError } from '~/models/checkout/checkout.server.ts';
import { ProductForbiddenError, ProductNotFoundError, ProductQuantityError } from '~/models/product.server.ts';
import { RoleChangeError } from '~/models/role.server.ts';
import { ProfileChangeError } from '~/models/user.server.ts';
import { BusyError } from './transaction.server.ts';

/** A refusal as a route answers it: the message for the person, the status, and the field it is about ('form' for the whole form). */
export type Refusal = { message: string; status: number; field: string };

function refusalOf(error: unknown): Refusal | null {
  const refusal = (status: number, field = 'form') => ({ message: (error as Error).message, status, field });
  // The database stayed too busy to finish the change: nothing was written, trying again may work.
  if (error instanceof BusyError) return refusal(503);
  if (error instanceof CartError) return refusal(error.status);
  if (error instanceof ProfileChangeError) return refusal(error.status, error.field);
  if (error instanceof RoleChangeError) return refusal(409);
  if (error instanceof ProductQuantityError) return refusal(400, 'quantity');
  if (error instanceof CheckoutRefusedError) return refusal(409);
  if (error instanceof CheckoutContendedError) return refusal(503);
  if (error instanceof PaymentUnavailableError) return refusal(503);
  return null;
}

/**
 * Answers a model's refusal with `answer` (the route's shape of answer). A refusal with a page of
 * its own (a product that is not there: 404; not the person's: 403) is thrown as that page; any
 * other error is thrown as it is.
 */
export function answerRefusal<T>(error: unknown, answer: (refusal: Refusal) => T): T {
  throwRefusalPage(error);
  const refusal = refusalOf(error);
  if (!refusal) throw error;
  return answer(refusal);
}

/** Throws a refusal that has a page of its own as that page (404 or 403); returns otherwise. */
export function throwRefusalPage(error: unknown): void {
  if (error instanceof ProductNotFoundError) throw new Response(error.message, { status: 404 });
  if (error instanceof ProductForbiddenError) throw new Response(error.message, { status: 403 });
}

/** The 404 page: nothing here, or nothing this person may know is here. */
export function notFound(): never {
  throw new Response('Not found', { status: 404 });
}
