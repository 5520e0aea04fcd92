import { describe, expect, it } from 'vitest';
import { CartError } from '~/models/cart.server.ts';
import { ProductForbiddenError, ProductNotFoundError, ProductQuantityError } from '~/models/product.server.ts';
import { ProfileChangeError } from '~/models/user.server.ts';
import { answerRefusal, notFound } from './refusals.server.ts';
import { BusyError } from './transaction.server.ts';

const answered = (error: unknown) => answerRefusal(error, (refusal) => refusal);

async function thrownResponse(run: () => unknown) {
  try {
    run();
  } catch (thrown) {
    expect(thrown).toBeInstanceOf(Response);
    const response = thrown as Response;
    return { status: response.status, text: await response.text() };
  }
  throw new Error('nothing was thrown');
}

describe('answerRefusal', () => {
  it('answers each refusal with its status and the field it is about, in the words of the model', () => {
    expect(answered(new BusyError(5))).toEqual({ message: 'The shop is busy right now. Nothing was changed: please try again.', status: 503, field: 'form' });
    expect(answered(new CartError(409, 'Only 2 left.'))).toEqual({ message: 'Only 2 left.', status: 409, field: 'form' });
    expect(answered(new ProfileChangeError(409, 'email', 'Taken.'))).toEqual({ message: 'Taken.', status: 409, field: 'email' });
    expect(answered(new ProductQuantityError('At most 3.'))).toEqual({ message: 'At most 3.', status: 400, field: 'quantity' });
  });

  it('throws the refusals that have a page of their own as that page', async () => {
    expect(await thrownResponse(() => answered(new ProductNotFoundError(true)))).toEqual({ status: 404, text: 'This product was deleted.' });
    expect(await thrownResponse(() => answered(new ProductForbiddenError('Not yours.')))).toEqual({ status: 403, text: 'Not yours.' });
  });

  it('throws any other error on as it is', () => {
    const ours = new Error('a bug');
    expect(() => answered(ours)).toThrow(ours);
    expect(() => answered('not even an error')).toThrow('not even an error');
  });
});

describe('notFound', () => {
  it('throws the 404 page', async () => {
    expect(await thrownResponse(notFound)).toEqual({ status: 404, text: 'Not found' });
  });
});
