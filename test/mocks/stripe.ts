// A stand-in for Stripe's HTTP API (the parts REEN calls), for msw. It keeps sessions and refunds in
// memory, honours idempotency keys as Stripe does, and records every request for assertions.
import { http, HttpResponse } from 'msw';

const API = 'https://api.stripe.com/v1';

type Session = {
  id: string;
  object: 'checkout.session';
  url: string;
  status: 'open' | 'complete' | 'expired';
  payment_status: 'paid' | 'unpaid';
  payment_intent: string | null;
  amount_total: number;
  client_reference_id: string | null;
  metadata: Record<string, string>;
  expires_at: number;
  created: number;
};

type RecordedRequest = { method: string; path: string; params: URLSearchParams; idempotencyKey: string | null };

export function createStripeMock() {
  const sessions = new Map<string, Session>();
  const byIdempotencyKey = new Map<string, unknown>();
  const requests: RecordedRequest[] = [];
  const state = { down: false, refundsFail: false };
  let counter = 0;

  async function record(request: Request, path: string) {
    const params = new URLSearchParams(request.method === 'GET' ? '' : await request.text());
    const entry = { method: request.method, path, params, idempotencyKey: request.headers.get('idempotency-key') };
    requests.push(entry);
    return entry;
  }

  function idempotent(key: string | null, create: () => unknown) {
    if (!key) return create();
    if (!byIdempotencyKey.has(key)) byIdempotencyKey.set(key, create());
    return byIdempotencyKey.get(key);
  }

  const unavailable = () => HttpResponse.json({ error: { type: 'api_error', message: 'Stripe is down (test)' } }, { status: 500 });
  const invalid = (message: string) => HttpResponse.json({ error: { type: 'invalid_request_error', message } }, { status: 400 });
  // Stripe answers an unknown id with 404 and the code resource_missing.
  const missing = (message: string) => HttpResponse.json({ error: { type: 'invalid_request_error', code: 'resource_missing', message } }, { status: 404 });

  const handlers = [
    http.post(`${API}/checkout/sessions`, async ({ request }) => {
      const { params, idempotencyKey } = await record(request, '/checkout/sessions');
      if (state.down) return unavailable();
      const session = idempotent(idempotencyKey, () => {
        const id = `cs_test_mock_${++counter}`;
        let amount = 0;
        for (let i = 0; params.has(`line_items[${i}][quantity]`); i++) {
          amount += Number(params.get(`line_items[${i}][quantity]`)) * Number(params.get(`line_items[${i}][price_data][unit_amount]`));
        }
        const created: Session = {
          id,
          object: 'checkout.session',
          url: `https://checkout.stripe.com/c/pay/${id}`,
          status: 'open',
          payment_status: 'unpaid',
          payment_intent: null,
          amount_total: amount,
          client_reference_id: params.get('client_reference_id'),
          metadata: { checkoutId: params.get('metadata[checkoutId]') ?? '' },
          expires_at: Number(params.get('expires_at')),
          created: Math.floor(Date.now() / 1000),
        };
        sessions.set(id, created);
        return created;
      });
      return HttpResponse.json(session as Session);
    }),

    // Newest first, one page of `limit`, as Stripe lists them; `starting_after` continues.
    http.get(`${API}/checkout/sessions`, async ({ request }) => {
      await record(request, '/checkout/sessions (list)');
      if (state.down) return unavailable();
      const query = new URL(request.url).searchParams;
      const since = Number(query.get('created[gte]') ?? 0);
      const limit = Number(query.get('limit') ?? 10);
      const all = [...sessions.values()].filter((session) => session.created >= since).reverse();
      const after = query.get('starting_after');
      const start = after ? all.findIndex((session) => session.id === after) + 1 : 0;
      const data = all.slice(start, start + limit);
      return HttpResponse.json({ object: 'list', url: '/v1/checkout/sessions', has_more: start + limit < all.length, data });
    }),

    http.get(`${API}/checkout/sessions/:id`, async ({ request, params }) => {
      await record(request, `/checkout/sessions/${params.id}`);
      if (state.down) return unavailable();
      const session = sessions.get(String(params.id));
      return session ? HttpResponse.json(session) : missing('No such checkout.session');
    }),

    http.post(`${API}/checkout/sessions/:id/expire`, async ({ request, params }) => {
      await record(request, `/checkout/sessions/${params.id}/expire`);
      if (state.down) return unavailable();
      const session = sessions.get(String(params.id));
      if (!session) return missing('No such checkout.session');
      if (session.status !== 'open') return invalid(`Only Checkout Sessions with a status in ["open"] can be expired.`);
      session.status = 'expired';
      return HttpResponse.json(session);
    }),

    http.post(`${API}/refunds`, async ({ request }) => {
      const { params, idempotencyKey } = await record(request, '/refunds');
      if (state.down || state.refundsFail) return unavailable();
      const refund = idempotent(idempotencyKey, () => ({
        id: `re_mock_${++counter}`,
        object: 'refund',
        status: 'succeeded',
        payment_intent: params.get('payment_intent'),
        amount: Number(params.get('amount')),
      }));
      return HttpResponse.json(refund as object);
    }),
  ];

  return {
    handlers,
    requests,
    state,
    sessions,
    /** The buyer pays on Stripe's page. */
    pay(sessionId: string) {
      const session = sessions.get(sessionId)!;
      Object.assign(session, { status: 'complete', payment_status: 'paid', payment_intent: `pi_mock_${++counter}` });
      return session;
    },
    requestsTo(path: string) {
      return requests.filter((request) => request.path === path);
    },
  };
}
