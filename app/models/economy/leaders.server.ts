// The leaderboards as the last rollup refresh ranked them. Names are read now, and an account
// deleted since is left out: deleted accounts are never shown.
import { getDb } from '~/utils/db.server.ts';

export type Board = 'sellers' | 'products' | 'people';
export type Leader = { rank: number; id: string; name: string; value: number };

export async function economyLeaders(): Promise<Record<Board, Leader[]>> {
  const rows = await getDb().$queryRaw<{ board: Board; rank: number; id: string; name: string; value: bigint }[]>`
    SELECT l.board, l.rank, l."subjectId" AS id, COALESCE(u.name, p.name) AS name, l.value
      FROM "EconomyLeader" l
      LEFT JOIN "User" u ON l.board IN ('sellers', 'people') AND u.id = l."subjectId" AND u."deletedAt" IS NULL
      LEFT JOIN "Product" p ON l.board = 'products' AND p.id = l."subjectId"
     WHERE COALESCE(u.id, p.id) IS NOT NULL
     ORDER BY l.board, l.rank`;
  const boards: Record<Board, Leader[]> = { sellers: [], products: [], people: [] };
  for (const row of rows) boards[row.board].push({ rank: boards[row.board].length + 1, id: row.id, name: row.name, value: Number(row.value) });
  return boards;
}
