// /products/new: an ADMIN lists a product and pays the listing fee (4% of price x quantity).
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node';
import { useActionData, useLoaderData } from '@remix-run/react';
import { ProductForm, type ProductFormErrors } from '~/components/product-form.tsx';
import { InsufficientFundsError } from '~/models/ledger.server.ts';
import { createProduct } from '~/models/product.server.ts';
import { requireAdmin } from '~/models/auth.server.ts';
import { redirectWithFlash } from '~/utils/flash.server.ts';
import { readFormData } from '~/utils/forms.server.ts';
import { formatMoney } from '~/utils/money.ts';
import { productFormSchema, productFormValues, type ProductFormValues } from '~/models/product-input.ts';
import { answerRefusal } from '~/utils/refusals.server.ts';
import { fieldErrors } from '~/utils/validation.ts';

export const meta: MetaFunction = () => [{ title: 'Create a Product | REEN' }];

const EMPTY: ProductFormValues = { name: '', description: '', price: '', quantity: '1', images: '1' };

type ActionData = { values: ProductFormValues; errors: ProductFormErrors };

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireAdmin(request);
  return { balanceCents: user.balanceCents };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireAdmin(request);
  const form = await readFormData(request);
  const intent = form.get('intent');
  const values = productFormValues(form);
  if (intent !== 'create' && intent !== 'preview') {
    return data<ActionData>({ values, errors: { form: 'Unknown action: use the form’s buttons.' } }, { status: 400 });
  }
  const parsed = productFormSchema('create').safeParse(values);
  if (!parsed.success) return data<ActionData>({ values, errors: fieldErrors(parsed.error) }, { status: 400 });
  if (intent === 'preview') return data<ActionData>({ values, errors: {} });
  try {
    const { id, feeCents } = await createProduct(user.id, parsed.data);
    return redirectWithFlash(`/products/${id}`, { kind: 'success', message: `Product created. Listing fee: ${formatMoney(feeCents)}` });
  } catch (error) {
    if (error instanceof InsufficientFundsError) {
      const message = `Your balance does not cover the listing fee of ${formatMoney(error.neededCents)}. Nothing was charged.`;
      return data<ActionData>({ values, errors: { form: message } }, { status: 409 });
    }
    return answerRefusal(error, ({ message, status }) => data<ActionData>({ values, errors: { form: message } }, { status }));
  }
}

export default function NewProduct() {
  const { balanceCents } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  return (
    <div className="mx-auto max-w-5xl space-y-6">
      <h1 className="text-3xl font-bold">Create a Product</h1>
      <ProductForm
        mode="create"
        values={actionData?.values ?? EMPTY}
        errors={actionData?.errors ?? {}}
        answer={actionData}
        balanceCents={balanceCents}
        cancelTo="/products?mine=1"
      />
    </div>
  );
}
