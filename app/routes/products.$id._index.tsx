// GET /products/:id: a product's page. Deleted (anonymised) products still open, saying so; the
// add-to-cart form gives way to an explanation when the viewer cannot buy.
import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { useLoaderData, useLocation } from '@remix-run/react';
import { AddToCartForm } from '~/components/add-to-cart-form.tsx';
import { KeptPart } from '~/components/kept-part.tsx';
import { ImageCarousel } from '~/components/image-carousel.tsx';
import { PlainLink } from '~/components/plain-link.tsx';
import { StockLabel } from '~/components/stock-label.tsx';
import { LineChart } from '~/components/charts/line-chart.tsx';
import { FORMATS, steppedTimeChart } from '~/utils/charts/geometry.server.ts';
import { getProductPage, type PriceChange } from '~/models/catalog.server.ts';
import { productMeta } from '~/models/product-meta.ts';
import { appOrigin } from '~/utils/app-url.server.ts';
import { getUser } from '~/models/auth.server.ts';
import { productImageUrl } from '~/utils/images.server.ts';
import { Money } from '~/components/money.tsx';
import { notFound } from '~/utils/refusals.server.ts';
import { UserText } from '~/components/user-text.tsx';
import { uuidOrNull } from '~/utils/ids.server.ts';

export const meta: MetaFunction<typeof loader> = ({ data }) => {
  if (!data) return [{ title: 'Product | REEN' }];
  const { product, isDeleted, origin } = data;
  return productMeta({ ...product, sellerName: product.seller.name, isDeleted }, origin);
};

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const id = uuidOrNull(params.id);
  const viewer = await getUser(request);
  const page = id ? await getProductPage(id, viewer?.id ?? null, { cartIsEmpty: viewer?.ownCounts?.cartLines === 0 }) : null;
  if (!page) notFound();
  const { product, isDeleted, others, priceChanges: changes } = page;
  const isOwn = viewer?.id === product.ownerId;
  return {
    product: {
      id: product.id,
      name: product.name,
      description: product.description,
      priceCents: product.priceCents,
      stock: product.stock,
      imageUrls: product.imageIds.map(productImageUrl),
      seller: { id: product.ownerId, name: product.owner.name },
    },
    isDeleted,
    /** For the absolute URLs of the meta tags: configured, never the request's Host. */
    origin: appOrigin(context),
    isOwn,
    canManage: isOwn && viewer?.role === 'ADMIN',
    isSignedIn: viewer !== null,
    inCart: page.inCart && !isOwn,
    priceChart: priceChart(changes, product.priceCents),
    priceChanges: changes.length,
    others: others.map((other) => ({ id: other.id, name: other.name, priceCents: other.priceCents, imageUrl: productImageUrl(other.imageIds[0]!) })),
  };
}

type PriceChart = ReturnType<typeof steppedTimeChart>;

/**
 * The last chart worked out for a price history (the same array while the catalog's version holds,
 * ADR 026), by its "now" and current price: the product's later views draw the same chart.
 */
const chartsOfHistories = new WeakMap<PriceChange[], { now: number; currentCents: number; chart: PriceChart }>();

/**
 * Each price from the change that set it, and today's price held up to now; the current price is
 * the dashed line across. The last row of the table reads "Now".
 */
function priceChart(changes: PriceChange[], currentCents: number): PriceChart {
  // "Now" to the minute, the finest the chart's labels show: within a minute the page stays the
  // same, and so does its ETag (a browser's copy stays current). Never before the last change.
  const lastChange = changes.at(-1)?.changedAt.getTime() ?? 0;
  const clock = Date.now();
  const now = Math.max(clock - (clock % 60_000), lastChange);
  const known = chartsOfHistories.get(changes);
  if (known?.now === now && known.currentCents === currentCents) return known.chart;

  const times = [...changes.map((change) => change.changedAt), new Date(now)];
  const prices = [...changes.map((change) => change.newPriceCents), currentCents];
  const geometry = steppedTimeChart(
    times,
    [
      { name: 'Price', values: prices },
      { name: 'Current price', values: prices.map(() => currentCents) },
    ],
    FORMATS.money,
  );
  const chart = { ...geometry, labels: [...geometry.labels.slice(0, -1), 'Now'] };
  chartsOfHistories.set(changes, { now, currentCents, chart });
  return chart;
}

export default function ProductPage() {
  const { product, isDeleted, isOwn, canManage, others, priceChart, priceChanges } = useLoaderData<typeof loader>();
  // Everything inside shows the loader's data and the URL only: kept by them (KeptPart).
  return (
    <KeptPart as="article" part="product-page" className="mx-auto max-w-5xl space-y-8" aria-labelledby="product-heading">
      <PlainLink to="/products" className="text-sm text-brand-700 hover:underline dark:text-brand-500">
        ← All products
      </PlainLink>
      <div className="grid gap-8 md:grid-cols-2 [&>*]:min-w-0">
        <ImageCarousel images={product.imageUrls} name={product.name} />
        <div className="space-y-4">
          <h1 id="product-heading" className="text-3xl font-bold">
            <UserText>{product.name}</UserText>
          </h1>
          <p>
            <Money
              cents={product.priceCents}
              testId="price"
              className="rounded-full bg-brand-50 px-3 py-1 text-lg font-semibold text-brand-700 dark:bg-zinc-800 dark:text-brand-500"
            />
          </p>
          <p dir="auto" className="whitespace-pre-line text-zinc-700 dark:text-zinc-300">
            {product.description}
          </p>
          <dl className="grid grid-cols-[auto_minmax(0,1fr)] gap-x-4 gap-y-1 text-sm">
            {/* A deleted product's leftover stock is not for sale: no figure that reads as buyable. */}
            <dt className="text-zinc-500 dark:text-zinc-400">{isDeleted ? 'Availability' : 'In stock'}</dt>
            <dd data-testid="stock">
              {isDeleted ? 'No longer for sale' : <span data-testid="stock-count">{product.stock}</span>}
              {isDeleted ? null : <StockLabel stock={product.stock} className="ml-2" />}
            </dd>
            <dt className="text-zinc-500 dark:text-zinc-400">Seller</dt>
            <dd>
              {isDeleted ? (
                'Deleted'
              ) : (
                <PlainLink to={`/users/${product.seller.id}`} className="font-medium hover:underline">
                  {isOwn ? 'You' : <UserText>{product.seller.name}</UserText>}
                </PlainLink>
              )}
            </dd>
          </dl>
          <BuyArea />
          {canManage ? (
            <p className="flex gap-3 text-sm">
              <PlainLink
                to={`/products/${product.id}/edit`}
                className="rounded-md border border-zinc-300 px-3 py-1.5 font-medium hover:bg-zinc-100 dark:border-zinc-700 dark:hover:bg-zinc-800"
              >
                Edit product
              </PlainLink>
              <PlainLink
                to={`/products/${product.id}/delete`}
                className="rounded-md border border-red-300 px-3 py-1.5 font-medium text-red-700 hover:bg-red-50 dark:border-red-800 dark:text-red-400 dark:hover:bg-red-950"
              >
                Delete product
              </PlainLink>
            </p>
          ) : null}
        </div>
      </div>
      <section aria-labelledby="price-history-heading" className="max-w-xl space-y-2">
        <h2 id="price-history-heading" className="text-xl font-semibold">
          Price history
        </h2>
        <p className="text-sm text-zinc-600 dark:text-zinc-400">
          {priceChanges > 1
            ? `Listed, then repriced ${priceChanges - 1 === 1 ? 'once' : `${priceChanges - 1} times`}.`
            : 'The price it was listed at, unchanged since.'}{' '}
          Current price: <Money cents={product.priceCents} testId="price-history-current" className="font-semibold" />
        </p>
        <LineChart
          id="price-history"
          xLabel="Since"
          title="Price over time"
          description={`The price of ${product.name} from each change to the next; the dashed line marks the current price.`}
          geometry={priceChart}
          referenceSeries={['Current price']}
        />
      </section>
      {others.length > 0 ? (
        <section aria-labelledby="others-heading" className="space-y-3">
          <h2 id="others-heading" className="text-xl font-semibold">
            {isOwn ? (
              'Your other products'
            ) : (
              <>
                Other products of <UserText>{product.seller.name}</UserText>
              </>
            )}
          </h2>
          {/* A grid rather than a strip that scrolls sideways: every price is in view on a phone. */}
          <ul className="grid grid-cols-2 gap-4 sm:grid-cols-[repeat(auto-fill,minmax(10rem,1fr))]">
            {others.map((other) => (
              <li key={other.id} className="min-w-0">
                <PlainLink
                  to={`/products/${other.id}`}
                  className="block overflow-hidden rounded-lg border focus-visible:-outline-offset-2 border-zinc-200 bg-white hover:border-brand-500 dark:border-zinc-800 dark:bg-zinc-900"
                >
                  <img src={other.imageUrl} alt="" width={160} height={160} loading="lazy" className="aspect-square w-full object-cover" />
                  <span className="block truncate px-2 pt-2 text-sm font-medium" title={other.name}>
                    <UserText>{other.name}</UserText>
                  </span>
                  <Money cents={other.priceCents} className="block px-2 pb-2 text-sm text-zinc-600 dark:text-zinc-400" />
                </PlainLink>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </KeptPart>
  );
}

/** The add-to-cart form, or why there is none. */
function BuyArea() {
  const { product, isDeleted, isOwn, isSignedIn, inCart } = useLoaderData<typeof loader>();
  const location = useLocation();
  if (isDeleted) {
    return (
      <Notice tone="danger" title="Product Deleted">
        Its seller has deleted this product: it is no longer for sale. This page stays because orders refer to it.
      </Notice>
    );
  }
  if (isOwn) {
    return <Notice title="You're the seller">You can't buy your own product. To try buying it, use another account.</Notice>;
  }
  if (product.stock < 1) {
    return <Notice title="Out of stock">This product is sold out for now. Come back later.</Notice>;
  }
  if (!isSignedIn) {
    const redirectTo = new URLSearchParams({ redirectTo: `${location.pathname}${location.search}` });
    return (
      <PlainLink to={`/sign-in?${redirectTo}`} className="inline-block rounded-md bg-brand-700 px-4 py-2 font-semibold text-white hover:bg-brand-800">
        Sign in to buy
      </PlainLink>
    );
  }
  return <AddToCartForm productId={product.id} stock={product.stock} inCart={inCart} />;
}

function Notice({ title, tone = 'info', children }: { title: string; tone?: 'info' | 'danger'; children: React.ReactNode }) {
  const styles =
    tone === 'danger'
      ? 'border-red-300 bg-red-50 text-red-900 dark:border-red-800 dark:bg-red-950 dark:text-red-100'
      : 'border-zinc-300 bg-zinc-50 text-zinc-900 dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-100';
  return (
    <div role="note" data-testid="buy-notice" className={`rounded-md border px-4 py-3 text-sm ${styles}`}>
      <p className="font-semibold">{title}</p>
      <p className="mt-1">{children}</p>
    </div>
  );
}
