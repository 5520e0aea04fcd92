// How the seller routes answer the product model's refusals: a page that says why, with the
// status a hand-crafted request gets too.
import { ProductForbiddenError, ProductNotFoundError } from '~/models/product.server.ts';

/** Throws a refusal as its HTTP answer (404 or 403); any other error is thrown as it is. */
export function throwRefusal(error: unknown): never {
  if (error instanceof ProductNotFoundError) throw new Response(error.message, { status: 404 });
  if (error instanceof ProductForbiddenError) throw new Response(error.message, { status: 403 });
  throw error;
}
