// GET /products: the catalog table. Search, sort, order, page and rows per page live in the URL;
// `mine=1` shows your own products and `seller=<id>` someone else's.
import { redirect, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node';
import { useLoaderData } from '@remix-run/react';
import { KeptPart } from '~/components/kept-part.tsx';
import { ApplyButton, HiddenParams, ListForm, OrderField, ResetLink, SearchBox, SelectField } from '~/components/list-controls.tsx';
import { Pagination } from '~/components/pagination.tsx';
import { ProductTable, type ProductRow } from '~/components/product-table.tsx';
import { defaultProductOrder, findSeller, listProducts, parseProductListQuery, type ProductSort } from '~/models/catalog.server.ts';
import { getUser, requireUser } from '~/models/auth.server.ts';
import { redirectWithFlash } from '~/utils/flash.server.ts';
import { productImageUrl } from '~/utils/images.server.ts';
import { UserText } from '~/components/user-text.tsx';
import { uuidOrNull } from '~/utils/ids.server.ts';

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.heading ?? 'Products'} | REEN` }];

const SORT_OPTIONS: { value: ProductSort; label: string }[] = [
  { value: 'newest', label: 'Newest' },
  { value: 'name', label: 'Name' },
  { value: 'price', label: 'Price' },
  { value: 'purchases', label: 'Purchases' },
  { value: 'seller', label: 'Seller' },
];

export async function loader({ request }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const params = url.searchParams;
  const viewer = await getUser(request);
  const query = parseProductListQuery(params);

  let heading = 'Products';
  let ownerId: string | undefined;
  let sellerName: string | null = null;
  const mine = params.get('mine') === '1' || params.get('mine') === 'true';
  if (mine) {
    ownerId = (viewer ?? (await requireUser(request))).id;
    heading = 'My Products';
  } else if (params.has('seller')) {
    const sellerId = params.get('seller');
    if (viewer && sellerId === viewer.id) {
      params.delete('seller');
      params.set('mine', '1');
      throw redirect(`/products?${params}`);
    }
    const validSellerId = uuidOrNull(sellerId);
    const seller = validSellerId ? await findSeller(validSellerId) : null;
    if (!seller) throw await redirectWithFlash('/products', { kind: 'error', message: 'That seller does not exist.' });
    ownerId = seller.id;
    heading = `${seller.name}'s Products`;
    sellerName = seller.name;
  }

  const { products, ...window } = await listProducts(query, { ownerId });
  const rows: ProductRow[] = products.map((product) => ({
    id: product.id,
    name: product.name,
    stock: product.stock,
    priceCents: product.priceCents,
    purchasesCount: product.purchasesCount,
    imageUrls: product.imageIds.map(productImageUrl),
    seller: { id: product.ownerId, name: product.owner.name },
    canManage: product.ownerId === viewer?.id && viewer.role === 'ADMIN',
  }));
  const isFiltered = query.q !== '' || query.sort !== 'newest' || query.order !== defaultProductOrder(query.sort);
  const resetTo = mine ? '/products?mine=1' : ownerId ? `/products?seller=${ownerId}` : '/products';
  return { heading, sellerName, query, rows, ...window, isFiltered, resetTo };
}

export default function Products() {
  const { heading, sellerName, query, rows, page, pageCount, perPage, total, isFiltered, resetTo } = useLoaderData<typeof loader>();
  // Everything inside shows the loader's data and the URL only: kept by them (KeptPart).
  return (
    <KeptPart as="section" part="products-list" aria-labelledby="products-heading" className="space-y-4">
      <h1 id="products-heading" className="text-3xl font-bold wrap-anywhere">
        {sellerName ? (
          <>
            <UserText>{sellerName}</UserText>'s Products
          </>
        ) : (
          heading
        )}
      </h1>
      <div className="flex flex-wrap items-end gap-3">
        <ListForm label="Search and sort products" className="flex flex-wrap items-end gap-3">
          <HiddenParams except={['q', 'sort', 'order']} />
          <SearchBox value={query.q} label="Search products by name" placeholder="Search products..." />
          <SelectField label="Sort by" name="sort" value={query.sort} options={SORT_OPTIONS} />
          <OrderField value={query.order} />
          <ApplyButton />
        </ListForm>
        {isFiltered ? <ResetLink to={resetTo} /> : null}
      </div>
      <ProductTable rows={rows} sort={query.sort} order={query.order} />
      <Pagination page={page} pageCount={pageCount} perPage={perPage} total={total} />
    </KeptPart>
  );
}
