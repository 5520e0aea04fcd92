import { afterEach, describe, expect, it, vi } from 'vitest';
import { logger } from '~/utils/logger.server.ts';
import { handleError } from './entry.server.tsx';

const args = (method: string, init: { aborted?: boolean } = {}) => {
  const controller = new AbortController();
  if (init.aborted) controller.abort();
  return { request: new Request('http://reen.test/products', { method, signal: controller.signal }), params: {}, context: {} };
};

/** What Remix hands handleError for a POST to a page without an action (an internal ErrorResponse). */
const methodRefused = {
  status: 405,
  statusText: 'Method Not Allowed',
  internal: true,
  data: 'Error: You made a POST request to "/products" but did not provide an `action`',
};

describe('handleError', () => {
  afterEach(() => vi.restoreAllMocks());

  it('logs what a loader or action threw as an error', () => {
    const error = vi.spyOn(logger(), 'error').mockImplementation(() => undefined);
    handleError(new Error('the database is down'), args('GET'));
    expect(error).toHaveBeenCalledTimes(1);
    expect(error.mock.calls[0]![0]).toMatchObject({ method: 'GET', path: '/products' });
  });

  it("does not log Remix's refusal of a method, nor a request whose client went away", () => {
    const error = vi.spyOn(logger(), 'error').mockImplementation(() => undefined);
    handleError(methodRefused, args('POST'));
    handleError(new Error('cut short'), args('GET', { aborted: true }));
    expect(error).not.toHaveBeenCalled();
  });

  it('still logs an internal error response of the server', () => {
    const error = vi.spyOn(logger(), 'error').mockImplementation(() => undefined);
    handleError({ ...methodRefused, status: 500, statusText: 'Internal Server Error' }, args('POST'));
    expect(error).toHaveBeenCalledTimes(1);
  });
});
