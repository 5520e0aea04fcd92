// Webhook deliveries (Stripe's events, Clerk's messages), each stored once: the provider's id for
// it is unique, so a second delivery of the same one adds nothing.
import type { WebhookProvider } from '~/generated/prisma/enums';
import { storableJson } from '~/utils/json.server.ts';
import type { Tx } from '~/utils/transaction.server.ts';

type IncomingEvent = { provider: WebhookProvider; eventId: string; type: string; payload: unknown };

/**
 * Stores the event unless it is stored already; whether it was new. Raw SQL rather than
 * createMany({ skipDuplicates }): Prisma keeps the compiled plan of every query except createMany,
 * which it compiles again on each call (about half a millisecond of CPU per webhook, ADR 011).
 */
export async function storeWebhookEvent(tx: Tx, { provider, eventId, type, payload }: IncomingEvent): Promise<boolean> {
  const inserted = await tx.$executeRaw`
    INSERT INTO "WebhookEvent" (id, provider, "eventId", type, payload, "receivedAt")
    VALUES (gen_random_uuid(), ${provider}::"WebhookProvider", ${eventId}, ${type}, ${storableJson(payload)}::jsonb,
            (now() AT TIME ZONE 'UTC')::timestamp(3))
    ON CONFLICT (provider, "eventId") DO NOTHING`;
  return inserted === 1;
}
