// POST /webhooks/clerk: Clerk's user events, delivered by svix. The signature is checked on the raw
// body; the message is stored with its job and answered at once: the sync runs in the worker.
import type { ActionFunctionArgs } from '@remix-run/node';
import { Webhook } from 'svix';
import { ClerkEvent, recordClerkEvent } from '~/models/clerk-events.server.ts';
import { env } from '~/utils/env.server.ts';

export async function action({ request }: ActionFunctionArgs) {
  if (request.method !== 'POST') return new Response('Method not allowed', { status: 405, headers: { Allow: 'POST' } });
  const secret = env().CLERK_WEBHOOK_SECRET;
  if (!secret) return new Response('Clerk is not configured here', { status: 404 });
  const headers = {
    'svix-id': request.headers.get('svix-id') ?? '',
    'svix-timestamp': request.headers.get('svix-timestamp') ?? '',
    'svix-signature': request.headers.get('svix-signature') ?? '',
  };
  if (!headers['svix-id'] || !headers['svix-timestamp'] || !headers['svix-signature']) {
    return new Response('Missing svix-id, svix-timestamp or svix-signature header', { status: 400 });
  }
  // Stored as the message's unique id: svix's are short (msg_...), and an index cannot hold a long one.
  if (headers['svix-id'].length > 255) return new Response('The svix-id header is not a svix message id', { status: 400 });
  const payload = await request.text();
  try {
    new Webhook(secret).verify(payload, headers);
  } catch {
    return new Response('Invalid signature', { status: 400 });
  }
  const event = ClerkEvent.safeParse(parseJson(payload));
  if (!event.success) return new Response('Not a Clerk event', { status: 400 });
  const result = await recordClerkEvent(headers['svix-id'], event.data);
  return Response.json({ received: true, duplicate: result === 'duplicate' });
}

export function loader() {
  return new Response('Method not allowed', { status: 405, headers: { Allow: 'POST' } });
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
