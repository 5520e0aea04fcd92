// GET /checkout/continue: back to the payment page of the buyer's pending checkout (a link on the
// cart page). Reading only: the provider is asked where that checkout stands.
import { redirect, type LoaderFunctionArgs } from '@remix-run/node';
import { continueCheckoutUrl } from '~/models/checkout/checkout.server.ts';
import { appOrigin } from '~/utils/app-url.server.ts';
import { requireUser } from '~/models/auth.server.ts';
import { redirectWithFlash } from '~/utils/flash.server.ts';
import { PaymentProviderError } from '~/utils/payments/provider.server.ts';

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  try {
    const url = await continueCheckoutUrl(user.id, appOrigin(context));
    if (url) return redirect(url, 303);
    return redirectWithFlash('/cart', { kind: 'info', message: 'That checkout can no longer be paid. Check out again to start a new one.' });
  } catch (error) {
    if (!(error instanceof PaymentProviderError)) throw error;
    return redirectWithFlash('/cart', {
      kind: 'error',
      message: 'Payment is unavailable right now. Your items stay reserved for a while: try again in a moment.',
    });
  }
}
