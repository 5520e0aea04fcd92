import { PlainLink } from './plain-link.tsx';
import { UserText } from './user-text.tsx';

/**
 * The product of an order line: its name as bought, linking to the product's page, which still
 * opens after the seller deleted it; a deleted one is marked so.
 */
export function OrderProduct({ productId, productName, isDeleted }: { productId: string; productName: string; isDeleted: boolean }) {
  return (
    <span className="inline-flex flex-wrap items-center gap-2">
      <PlainLink to={`/products/${productId}`} className="font-medium hover:underline">
        <UserText>{productName}</UserText>
      </PlainLink>
      {isDeleted ? (
        <span
          className="rounded-full bg-red-100 px-2 py-0.5 text-xs font-semibold text-red-700 dark:bg-red-950 dark:text-red-300"
          data-testid="product-deleted"
        >
          Deleted
        </span>
      ) : null}
    </span>
  );
}
