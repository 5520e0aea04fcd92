// The product a seller route manages: a page that says why when it may not (./refusals.server.ts),
// with the status a hand-crafted request gets too.
import { findProductToManage } from './product.server.ts';
import { throwRefusalPage } from '~/utils/refusals.server.ts';

/** The product the signed-in seller may edit or delete; otherwise the refusal's 404 or 403 page. */
export async function productToManage(userId: string, productId: string | undefined) {
  try {
    return await findProductToManage(userId, productId ?? '');
  } catch (error) {
    throwRefusalPage(error);
    throw error;
  }
}
