// /products/:id/edit: the owner, while an ADMIN, changes a product and pays 4% of the growth of
// price x the units they own, reserved ones included (docs/fees.md).
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node';
import { useActionData, useLoaderData } from '@remix-run/react';
import { PlainLink } from '~/components/plain-link.tsx';
import { ProductForm, type ProductFormErrors } from '~/components/product-form.tsx';
import { InsufficientFundsError } from '~/models/ledger.server.ts';
import { reservedUnits, updateProduct } from '~/models/product.server.ts';
import { requireUser } from '~/models/auth.server.ts';
import { redirectWithFlash } from '~/utils/flash.server.ts';
import { readFormData } from '~/utils/forms.server.ts';
import { productImageUrl } from '~/utils/images.server.ts';
import { centsToDollarsInput, formatMoney } from '~/utils/money.ts';
import { productFormSchema, productFormValues, type ProductFormValues } from '~/models/product-input.ts';
import { productToManage } from '~/models/product-responses.server.ts';
import { answerRefusal } from '~/utils/refusals.server.ts';
import { fieldErrors } from '~/utils/validation.ts';

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `Update ${data.product.name} | REEN` : 'Update a Product | REEN' }];

type ActionData = { values: ProductFormValues; errors: ProductFormErrors };

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const product = await productToManage(user.id, params.id);
  return {
    product: {
      id: product.id,
      name: product.name,
      priceCents: product.priceCents,
      stock: product.stock,
      reserved: await reservedUnits(product.id),
      // A number for the page (safe up to 2^53 cents, as every amount the models hand out).
      chargedGrowthCents: Number(product.chargedGrowthCents),
      imageUrls: product.imageIds.map(productImageUrl),
    },
    values: {
      name: product.name,
      description: product.description,
      price: centsToDollarsInput(product.priceCents),
      quantity: String(product.stock),
      images: String(product.imageIds.length),
    } satisfies ProductFormValues,
    balanceCents: user.balanceCents,
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  // Refuse someone else's product, or a seller who stepped down, before reading their form.
  const product = await productToManage(user.id, params.id);
  const form = await readFormData(request);
  const intent = form.get('intent');
  const values = productFormValues(form);
  if (intent !== 'update' && intent !== 'preview') {
    return data<ActionData>({ values, errors: { form: 'Unknown action: use the form’s buttons.' } }, { status: 400 });
  }
  const parsed = productFormSchema('update', product.stock).safeParse(values);
  if (!parsed.success) return data<ActionData>({ values, errors: fieldErrors(parsed.error) }, { status: 400 });
  if (intent === 'preview') return data<ActionData>({ values, errors: {} });
  try {
    const { feeCents, grew } = await updateProduct(user.id, product.id, parsed.data);
    const message =
      feeCents > 0
        ? `Product updated. Fee for this change: ${formatMoney(feeCents)}`
        : grew
          ? 'Product updated. No fee yet: 4% of this growth comes to less than a cent, carried over to your next change.'
          : 'Product updated. No fee: price × quantity did not grow.';
    return redirectWithFlash(`/products/${product.id}`, { kind: 'success', message });
  } catch (error) {
    if (error instanceof InsufficientFundsError) {
      const message = `Your balance does not cover the listing fee of ${formatMoney(error.neededCents)}. Nothing was changed.`;
      return data<ActionData>({ values, errors: { form: message } }, { status: 409 });
    }
    // A quantity refused here: the stock changed after the check above (a purchase, a released
    // checkout) and narrowed the range.
    return answerRefusal(error, ({ message, status, field }) => data<ActionData>({ values, errors: { [field]: message } }, { status }));
  }
}

export default function EditProduct() {
  const { product, values, balanceCents } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  return (
    <div className="mx-auto max-w-5xl space-y-6">
      <div>
        <h1 className="text-3xl font-bold">Update a Product</h1>
        <p className="mt-1 text-zinc-600 dark:text-zinc-400">{product.name}</p>
      </div>
      <ProductForm
        key={product.id}
        mode="update"
        values={actionData?.values ?? values}
        errors={actionData?.errors ?? {}}
        answer={actionData}
        balanceCents={balanceCents}
        before={{ priceCents: product.priceCents, stock: product.stock, reservedUnits: product.reserved, chargedGrowthCents: product.chargedGrowthCents }}
        imageUrls={product.imageUrls}
        cancelTo={`/products/${product.id}`}
      >
        <PlainLink to={`/products/${product.id}/delete`} className="ml-auto px-2 py-2 text-sm font-medium text-red-700 hover:underline dark:text-red-400">
          Delete product
        </PlainLink>
      </ProductForm>
    </div>
  );
}
