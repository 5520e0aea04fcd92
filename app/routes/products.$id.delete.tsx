// /products/:id/delete: GET asks for confirmation (a page, so it works without JavaScript), POST
// deletes the product, or anonymises it when orders or a pending checkout refer to it.
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node';
import { Form, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { FormError } from '~/components/form-errors.tsx';
import { PlainLink } from '~/components/plain-link.tsx';
import { useErrorFocus } from '~/hooks/use-error-focus.ts';
import { deleteProduct, previewDeletion } from '~/models/product.server.ts';
import { requireUser } from '~/models/auth.server.ts';
import { redirectWithFlash } from '~/utils/flash.server.ts';
import { readFormData } from '~/utils/forms.server.ts';
import { productImageUrl } from '~/utils/images.server.ts';
import { Money } from '~/components/money.tsx';
import { productToManage } from '~/models/product-responses.server.ts';
import { answerRefusal } from '~/utils/refusals.server.ts';

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `Delete ${data.product.name} | REEN` : 'Delete Product | REEN' }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const product = await productToManage(user.id, params.id);
  return {
    product: {
      id: product.id,
      name: product.name,
      priceCents: product.priceCents,
      stock: product.stock,
      imageUrl: product.imageIds[0] ? productImageUrl(product.imageIds[0]) : null,
    },
    outcome: await previewDeletion(product.id),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const product = await productToManage(user.id, params.id);
  const form = await readFormData(request);
  if (form.get('intent') !== 'delete') return data({ error: 'Unknown action: use the Delete button.' }, { status: 400 });
  try {
    const { outcome } = await deleteProduct(user.id, product.id);
    const message = outcome === 'deleted' ? 'Product deleted' : 'Product removed from sale; orders keep their history';
    return redirectWithFlash('/products?mine=1', { kind: 'success', message });
  } catch (error) {
    return answerRefusal(error, ({ message, status }) => data({ error: message }, { status }));
  }
}

export default function DeleteProduct() {
  const { product, outcome } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const deleting = navigation.state === 'submitting' && navigation.formData?.get('intent') === 'delete';
  const page = useErrorFocus<HTMLElement>(actionData);
  return (
    <section ref={page} aria-labelledby="delete-heading" className="mx-auto max-w-lg space-y-6 py-6">
      <h1 id="delete-heading" className="text-3xl font-bold">
        Delete Product
      </h1>
      <FormError message={actionData?.error} focus={Boolean(actionData?.error)} />
      <div className="flex items-center gap-4 rounded-lg border border-zinc-200 bg-white p-4 dark:border-zinc-800 dark:bg-zinc-900">
        {product.imageUrl ? <img src={product.imageUrl} alt="" width={64} height={64} className="size-16 rounded-md object-cover" /> : null}
        <div className="min-w-0">
          <p className="font-semibold wrap-anywhere">{product.name}</p>
          <p className="text-sm text-zinc-600 dark:text-zinc-400">
            <Money cents={product.priceCents} /> · Qty: {product.stock}
          </p>
        </div>
      </div>
      <p>
        {outcome === 'deleted'
          ? 'This action cannot be undone. The product and every cart line for it will be removed.'
          : 'This action cannot be undone. Orders or a checkout in progress refer to this product, so it will be removed from sale and from every cart, and kept only for their history.'}
      </p>
      <Form method="post" className="flex items-center gap-3">
        <input type="hidden" name="intent" value="delete" />
        <button type="submit" disabled={deleting} className="rounded-md bg-red-600 px-4 py-2 font-semibold text-white hover:bg-red-700 disabled:opacity-60">
          {deleting ? 'Deleting…' : 'Delete product'}
        </button>
        <PlainLink to={`/products/${product.id}`} className="px-2 py-2 text-sm font-medium text-zinc-600 hover:underline dark:text-zinc-400">
          Cancel
        </PlainLink>
      </Form>
    </section>
  );
}
