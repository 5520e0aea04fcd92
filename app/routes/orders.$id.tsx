// GET /orders/:id: one order with its lines, for its buyer only. Anyone else, and any id that is
// not an order's (malformed ones included), gets the same 404, so that order ids do not leak.
import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { useLoaderData } from '@remix-run/react';
import { OrderLines } from '~/components/order-lines.tsx';
import { PlainLink } from '~/components/plain-link.tsx';
import { findBuyerOrder } from '~/models/order.server.ts';
import { requireUser } from '~/models/auth.server.ts';
import { formatHumanDate } from '~/utils/dates.ts';
import { productImageUrl } from '~/utils/images.server.ts';
import { orderNumber } from '~/utils/order-number.ts';
import { getTimeZone } from '~/utils/time-zone.server.ts';
import { notFound } from '~/utils/refusals.server.ts';
import { uuidOrNull } from '~/utils/ids.server.ts';

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `Order ${orderNumber(data.order.id)} | REEN` : 'Order | REEN' }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const id = uuidOrNull(params.id);
  const order = id ? await findBuyerOrder(user.id, id) : null;
  if (!order) notFound();
  return {
    order: {
      id: order.id,
      totalCents: order.totalCents,
      createdAt: order.createdAt.toISOString(),
      date: formatHumanDate(order.createdAt, getTimeZone(request)),
      lines: order.lines.map(({ imageId, ...line }) => ({ ...line, imageUrl: imageId ? productImageUrl(imageId) : null })),
    },
  };
}

export default function OrderPage() {
  const { order } = useLoaderData<typeof loader>();
  const units = order.lines.reduce((sum, line) => sum + line.quantity, 0);
  return (
    <article aria-labelledby="order-heading" className="mx-auto max-w-5xl space-y-4">
      <PlainLink to="/orders" className="text-sm text-brand-700 hover:underline dark:text-brand-500">
        ← All orders
      </PlainLink>
      <h1 id="order-heading" className="text-2xl font-bold">
        Order <span className="font-mono">{orderNumber(order.id)}</span>
      </h1>
      {/* The heading's number is the id's start, as the list and the emails show it; here is all of it. */}
      <p className="text-xs text-zinc-600 dark:text-zinc-400">
        Order id:{' '}
        <span className="font-mono break-all" data-testid="order-id">
          {order.id}
        </span>
      </p>
      <p className="text-sm text-zinc-600 dark:text-zinc-400">
        Placed <time dateTime={order.createdAt}>{order.date}</time>: {order.lines.length} {order.lines.length === 1 ? 'item' : 'items'}, {units}{' '}
        {units === 1 ? 'unit' : 'units'}.
      </p>
      <OrderLines lines={order.lines} totalCents={order.totalCents} />
    </article>
  );
}
