// How the seller routes answer the product model's refusals: a page that says why, with the
// status a hand-crafted request gets too.
import { findProductToManage, ProductForbiddenError, ProductNotFoundError } from '~/models/product.server.ts';

/** Throws a refusal as its HTTP answer (404 or 403); any other error is thrown as it is. */
export function throwRefusal(error: unknown): never {
  if (error instanceof ProductNotFoundError) throw new Response(error.message, { status: 404 });
  if (error instanceof ProductForbiddenError) throw new Response(error.message, { status: 403 });
  throw error;
}

/** The product the signed-in seller may edit or delete; otherwise the refusal's 404 or 403 page. */
export async function productToManage(userId: string, productId: string | undefined) {
  try {
    return await findProductToManage(userId, productId ?? '');
  } catch (error) {
    throwRefusal(error);
  }
}
