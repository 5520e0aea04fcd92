// The demo shop, seeded once into an empty database in demo mode: three sellers (who paid the
// ADMIN fee), three shoppers and 54 products (each listing fee paid), spread over the last 30 days,
// with two weeks of orders and repricings (seed-trade.ts). Every amount goes through
// the ledger, so the money adds up exactly as if people had done it through the app.
import { randomUUID } from 'node:crypto';
import { refreshEconomyRollups } from '~/models/economy/rollups.server.ts';
import { payFee } from '~/models/ledger.server.ts';
import { recordPriceChange } from '~/models/product.server.ts';
import { createUserInTx, DEMO_EMAIL_DOMAIN } from '~/models/user.server.ts';
import { getDb } from '~/utils/db.server.ts';
import { creationFeeCents } from '~/utils/fees.ts';
import { ADMIN_UPGRADE_FEE_CENTS } from '~/utils/money.ts';
import { serializable, type Tx } from '~/utils/transaction.server.ts';
import { seedTrade } from './seed-trade.ts';

const SELLERS = ['Ada Lovelace', 'Grace Hopper', 'Alan Turing'];
const SHOPPERS = ['Margaret Hamilton', 'Dennis Ritchie', 'Barbara Liskov'];
const ADJECTIVES = ['Quantum', 'Vintage', 'Neon', 'Cosmic', 'Silent', 'Golden', 'Pixel', 'Velvet', 'Arctic'];
const NOUNS = ['Robot', 'Sketchbook', 'Soundtrack', 'Font Pack', 'Skin'];
const EXTRAS = ['Deluxe'];

export function demoEmail(name: string) {
  return `${name.split(' ')[0]!.toLowerCase()}@${DEMO_EMAIL_DOMAIN}`;
}

/** Seeds the demo shop unless it is there already; returns what it made, or null. */
export async function seedDemoData() {
  const already = await getDb().user.count({ where: { email: { endsWith: `@${DEMO_EMAIL_DOMAIN}` } } });
  if (already > 0) return null;
  const seeded = await serializable(
    async (tx) => {
      const sellerIds: string[] = [];
      for (const name of SELLERS) {
        const { id } = await createUserInTx(tx, { name, email: demoEmail(name), role: 'ADMIN' });
        await payFee(tx, { kind: 'UPGRADE_FEE', userId: id, amountCents: ADMIN_UPGRADE_FEE_CENTS });
        sellerIds.push(id);
      }
      const shopperIds: string[] = [];
      for (const name of SHOPPERS) shopperIds.push((await createUserInTx(tx, { name, email: demoEmail(name) })).id);
      const listed: { id: string; ownerId: string; createdAt: Date }[] = [];

      const names = ADJECTIVES.flatMap((adjective) => [...NOUNS, ...EXTRAS].map((noun) => `${adjective} ${noun}`));
      for (const [index, name] of names.entries()) {
        const ownerId = sellerIds[index % sellerIds.length]!;
        // Deterministic but varied: prices from $1.99 to about $1,990, stock 0 to 60.
        const priceCents = 199 + ((index * 7_919) % 1_990) * 100;
        const stock = (index * 13) % 61;
        const units = Math.max(stock, 1);
        const createdAt = new Date(Date.now() - index * 3_600_000 * 7);
        const product = await tx.product.create({
          data: {
            name,
            description: `${name}: a one-of-a-kind digital collectible from the REEN demo shop.`,
            priceCents,
            stock,
            imageIds: Array.from({ length: 1 + (index % 3) }, () => randomUUID()),
            ownerId,
            // The listing fee below is charged on all of it (docs/fees.md).
            chargedGrowthCents: priceCents * units,
            // Spread over the last weeks so "newest" sorting means something.
            createdAt,
          },
          select: { id: true },
        });
        const feeCents = creationFeeCents(priceCents, units);
        await payFee(tx, { kind: 'LISTING_FEE', userId: ownerId, amountCents: feeCents, productId: product.id });
        await recordPriceChange(tx, { productId: product.id, oldPriceCents: null, newPriceCents: priceCents, feeCents, changedAt: createdAt });
        listed.push({ id: product.id, ownerId, createdAt });
      }
      await backdateSignUps(tx);
      // After the backdating above, which dates every listing fee with its product's listing.
      const trade = await seedTrade(tx, [...shopperIds, ...sellerIds], listed);
      return { users: SELLERS.length + SHOPPERS.length, products: names.length, ...trade };
    },
    { timeout: 60_000 },
  );
  // /economy shows the demo's figures from the first start, before the scheduled refresh.
  await refreshEconomyRollups();
  return seeded;
}

const DAY_MS = 24 * 3_600_000;

/**
 * Spreads the demo's history over the last 30 days, as if it had happened then: each person signed
 * up (account and grant) on a day of their own, each seller paid the upgrade a day after joining,
 * and each listing fee is dated with its product. Only times move: every amount stays as written.
 */
async function backdateSignUps(tx: Tx) {
  const people = await tx.user.findMany({ where: { email: { endsWith: `@${DEMO_EMAIL_DOMAIN}` } }, orderBy: { createdAt: 'asc' }, select: { id: true } });
  for (const [index, { id }] of people.entries()) {
    const joined = new Date(Date.now() - (30 - 2 * index) * DAY_MS);
    await tx.user.update({ where: { id }, data: { createdAt: joined } });
    await tx.ledgerEntry.updateMany({ where: { grantUserId: id }, data: { createdAt: joined } });
    await tx.ledgerEntry.updateMany({ where: { fromUserId: id, kind: 'UPGRADE_FEE' }, data: { createdAt: new Date(joined.getTime() + DAY_MS) } });
  }
  await tx.$executeRaw`
    UPDATE "LedgerEntry" e SET "createdAt" = p."createdAt" FROM "Product" p
     WHERE e.kind = 'LISTING_FEE' AND e."productId" = p.id AND p."ownerId" = ANY(${people.map((person) => person.id)}::uuid[])`;
}
