// A stand-in for Clerk's Backend API (the parts REEN calls), for msw: users kept in memory, and every
// request recorded for assertions.
import { http, HttpResponse } from 'msw';

const API = 'https://api.clerk.com/v1';

type EmailAddressJSON = { object: 'email_address'; id: string; email_address: string; verification: null; linked_to: [] };

export type ClerkUserJSON = {
  object: 'user';
  id: string;
  first_name: string | null;
  last_name: string | null;
  username: string | null;
  primary_email_address_id: string | null;
  email_addresses: EmailAddressJSON[];
  created_at: number;
  updated_at: number;
};

export function createClerkMock() {
  const users = new Map<string, ClerkUserJSON>();
  const requests: { method: string; path: string }[] = [];
  const state = { down: false };

  const notFound = () => HttpResponse.json({ errors: [{ code: 'resource_not_found', message: 'not found' }] }, { status: 404 });
  const unavailable = () => HttpResponse.json({ errors: [{ code: 'unexpected_error', message: 'Clerk is down (test)' }] }, { status: 500 });

  const handlers = [
    http.get(`${API}/users/:id`, ({ params }) => {
      requests.push({ method: 'GET', path: `/users/${params.id}` });
      if (state.down) return unavailable();
      const user = users.get(String(params.id));
      return user ? HttpResponse.json(user) : notFound();
    }),
    http.delete(`${API}/users/:id`, ({ params }) => {
      requests.push({ method: 'DELETE', path: `/users/${params.id}` });
      if (state.down) return unavailable();
      if (!users.delete(String(params.id))) return notFound();
      return HttpResponse.json({ object: 'user', id: params.id, deleted: true });
    }),
    http.post(`${API}/sessions/:id/revoke`, ({ params }) => {
      requests.push({ method: 'POST', path: `/sessions/${params.id}/revoke` });
      if (state.down) return unavailable();
      return HttpResponse.json({ object: 'session', id: params.id, status: 'revoked', user_id: null, client_id: null });
    }),
  ];

  return {
    handlers,
    requests,
    state,
    /** Creates or replaces a Clerk user; the name is split as Clerk keeps it. */
    putUser(id: string, { name, email }: { name: string; email: string | null }) {
      const [first, ...rest] = name.split(' ');
      const now = Date.now();
      const user: ClerkUserJSON = {
        object: 'user',
        id,
        first_name: first ?? null,
        last_name: rest.join(' ') || null,
        username: null,
        primary_email_address_id: email ? `idn_${id}` : null,
        email_addresses: email ? [{ object: 'email_address', id: `idn_${id}`, email_address: email, verification: null, linked_to: [] }] : [],
        created_at: users.get(id)?.created_at ?? now,
        updated_at: now,
      };
      users.set(id, user);
      return user;
    },
    removeUser(id: string) {
      users.delete(id);
    },
    requestsTo(method: string, path: string) {
      return requests.filter((request) => request.method === method && request.path === path);
    },
  };
}
