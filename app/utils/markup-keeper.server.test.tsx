import { PassThrough } from 'node:stream';
import type { ReactNode } from 'react';
import { renderToPipeableStream } from 'react-dom/server';
import { describe, expect, it, vi } from 'vitest';
import { KeptTableBody } from '~/components/kept-markup.tsx';
import { MarkupKeeperContext, type MarkupKeeper } from '~/components/markup-keeper-context.ts';
import { ProductTableBody, type ProductRow } from '~/components/product-table.tsx';
import { UserTableBody, type UserRow } from '~/components/user-table-body.tsx';
import { logger } from './logger.server.ts';
import { markupKeeper } from './markup-keeper.server.ts';

/** A keeper whose later renders wait until `runLater()`. */
function keeperForTest(maxChars = 1_000_000) {
  const queue: (() => void)[] = [];
  const keeper = markupKeeper({ maxChars, later: (render) => queue.push(render) });
  const runLater = () => queue.splice(0).forEach((render) => render());
  return { keeper, runLater, queued: () => queue.length };
}

/** Renders a page part as the server renders pages (the stream renderer), to a string. */
function renderPage(node: ReactNode, keeper: MarkupKeeper | null): Promise<string> {
  return new Promise((resolve, reject) => {
    const { pipe } = renderToPipeableStream(<MarkupKeeperContext.Provider value={keeper}>{node}</MarkupKeeperContext.Provider>, {
      onAllReady() {
        const chunks: Buffer[] = [];
        const body = new PassThrough();
        body.on('data', (chunk: Buffer) => chunks.push(chunk));
        body.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
        pipe(body);
      },
      onShellError: reject,
    });
  });
}

const row = (n: number, extra: Partial<ProductRow> = {}): ProductRow => ({
  id: `00000000-0000-4000-8000-00000000000${n}`,
  name: `Product ${n}`,
  stock: 10,
  priceCents: 123_456,
  purchasesCount: 3,
  imageUrls: [`/images/${n}-a.webp`],
  seller: { id: `00000000-0000-4000-8000-00000000010${n}`, name: `Seller ${n}` },
  canManage: false,
  ...extra,
});

// Names a person can type that markup must escape, right-to-left text, several images (the
// "+2" beside text), a row its viewer may manage, and stock that shows a label.
const trickyRows: ProductRow[] = [
  row(1, { name: '<script>alert("x")</script> & "quotes" \'too\'', imageUrls: ['/images/a.webp', '/images/b.webp', '/images/c.webp'] }),
  row(2, { name: 'שלום עולם', seller: { id: '00000000-0000-4000-8000-000000000999', name: 'Ünïcødé ✓ 🎉' }, stock: 0 }),
  row(3, { canManage: true, stock: 2, priceCents: 0, purchasesCount: 0 }),
];

describe('markupKeeper', () => {
  const table = (rows: ProductRow[]) => (
    <table>
      <ProductTableBody rows={rows} />
    </table>
  );

  it('keeps a part after its second miss and sends the markup the page itself renders', async () => {
    const { keeper, runLater, queued } = keeperForTest();
    const rendered = await renderPage(table(trickyRows), null);

    expect(await renderPage(table(trickyRows), keeper.forPage())).toBe(rendered);
    expect(queued()).toBe(0); // a first miss is only noted
    expect(await renderPage(table(trickyRows), keeper.forPage())).toBe(rendered);
    expect(queued()).toBe(1);
    runLater();
    expect(keeper.size).toBe(1);

    const render = vi.fn(() => null);
    expect(keeper.forPage().markupOf('product-rows', trickyRows, render)).toContain('&lt;script&gt;');
    expect(render).not.toHaveBeenCalled();
    // Served from what was kept, the page reads exactly as rendered in full.
    expect(await renderPage(table(trickyRows), keeper.forPage())).toBe(rendered);
  });

  it('keeps the empty table too, and never mixes parts or data', async () => {
    const { keeper, runLater } = keeperForTest();
    for (const rows of [[], [], trickyRows, trickyRows, [row(4)], [row(4)]]) await renderPage(table(rows), keeper.forPage());
    runLater();
    expect(keeper.size).toBe(3);
    expect(await renderPage(table([]), keeper.forPage())).toBe(await renderPage(table([]), null));
    expect(await renderPage(table([row(4)]), keeper.forPage())).toBe(await renderPage(table([row(4)]), null));
    // A row changed (one sold) is new data: rendered in full, not served from the old markup.
    const sold = [row(4, { stock: 9, purchasesCount: 4 })];
    expect(keeper.forPage().markupOf('product-rows', sold, () => null)).toBeUndefined();
    // Another part with the same data does not get the products' markup.
    expect(keeper.forPage().markupOf('user-rows', [], () => null)).toBeUndefined();
  });

  it('renders a key once however many requests miss it meanwhile', () => {
    const { keeper, runLater, queued } = keeperForTest();
    const render = vi.fn(() => <tr />);
    for (let i = 0; i < 5; i++) expect(keeper.forPage().markupOf('rows', [1], render)).toBeUndefined();
    expect(queued()).toBe(1);
    runLater();
    expect(render).toHaveBeenCalledTimes(1);
    expect(keeper.forPage().markupOf('rows', [1], render)).toBe('<tr></tr>');
  });

  it('drops the least recently used markup beyond its size, and never keeps what is larger than all of it', () => {
    // Each entry: the key "rows [n]" (8 characters) and its markup "<tr></tr>" (9).
    const { keeper, runLater } = keeperForTest(40);
    const ask = (n: number) => keeper.forPage().markupOf('rows', [n], () => <tr />);
    for (const n of [1, 1, 2, 2]) ask(n);
    runLater();
    expect(ask(1)).toBe('<tr></tr>'); // 1 is now the most recently used
    for (const n of [3, 3]) ask(n);
    runLater();
    expect(keeper.size).toBe(2);
    expect(ask(2)).toBeUndefined();
    expect(ask(1)).toBe('<tr></tr>');
    expect(ask(3)).toBe('<tr></tr>');

    const big = 'x'.repeat(50);
    for (let i = 0; i < 2; i++) keeper.forPage().markupOf('rows', [big], () => <tr />);
    runLater();
    expect(keeper.forPage().markupOf('rows', [big], () => <tr />)).toBeUndefined();
    expect(keeper.size).toBe(2);
  });

  it('keeps nothing of a part that fails to render on its own, and says so', () => {
    const { keeper, runLater } = keeperForTest();
    const warn = vi.spyOn(logger(), 'warn').mockImplementation(() => undefined);
    const Broken = () => {
      throw new Error('rows that need a context');
    };
    for (let i = 0; i < 2; i++) keeper.forPage().markupOf('rows', [1], () => <Broken />);
    runLater();
    expect(keeper.size).toBe(0);
    expect(warn).toHaveBeenCalledWith(expect.objectContaining({ part: 'rows' }), expect.any(String));
    warn.mockRestore();
  });

  it("keeps the people list's rows as that list renders them", async () => {
    const { keeper, runLater } = keeperForTest();
    const users: UserRow[] = [
      { id: '00000000-0000-4000-8000-000000000201', name: '<b>Bold</b> & co', role: 'ADMIN', balanceCents: 400_000_000, joined: 'Dec 7, 2026' },
      { id: '00000000-0000-4000-8000-000000000202', name: 'مرحبا', role: 'NADMIN', balanceCents: 0, joined: 'Jan 1, 2026' },
    ];
    const page = (
      <table>
        <UserTableBody rows={users} />
      </table>
    );
    const rendered = await renderPage(page, null);
    for (let i = 0; i < 2; i++) await renderPage(page, keeper.forPage());
    runLater();
    expect(keeper.forPage().markupOf('user-rows', users, () => null)).toContain('&lt;b&gt;Bold&lt;/b&gt; &amp; co');
    expect(await renderPage(page, keeper.forPage())).toBe(rendered);
  });
});

describe('KeptTableBody', () => {
  it('renders its rows itself where no keeper is given, as in the browser', async () => {
    const html = await renderPage(
      <table>
        <KeptTableBody part="rows" rows={[{ id: '1' }]} renderRow={(row) => <tr data-n={row.id} />} columns={1} className="rows" />
      </table>,
      null,
    );
    expect(html).toBe('<table><tbody class="rows"><tr data-n="1"></tr></tbody></table>');
  });

  it('shows "No results." across the columns for no rows', async () => {
    const html = await renderPage(
      <table>
        <KeptTableBody part="rows" rows={[]} renderRow={() => <tr />} columns={3} />
      </table>,
      null,
    );
    expect(html).toContain('<td colSpan="3"');
    expect(html).toContain('No results.');
  });

  it("sends the keeper's markup inside the body it renders", async () => {
    const keeper: MarkupKeeper = { markupOf: () => '<tr data-kept=""></tr>', partOf: () => undefined };
    const renderRow = vi.fn(() => <tr />);
    const html = await renderPage(
      <table>
        <KeptTableBody part="rows" rows={[{ id: '1' }]} renderRow={renderRow} columns={1} className="rows" />
      </table>,
      keeper,
    );
    expect(html).toBe('<table><tbody class="rows"><tr data-kept=""></tr></tbody></table>');
    expect(renderRow).not.toHaveBeenCalled();
  });

  describe("a page's content, cut from the page", () => {
    const page = (content: string) => Buffer.from(`<main><article data-kept-part="page" class="p">${content}</article></main>`);

    it('keeps it from the page that missed it a second time, under its data, and serves it after', () => {
      const { keeper } = keeperForTest();
      const first = keeper.forPage();
      expect(first.partOf('page', { id: 1 })).toBeUndefined();
      first.keepParts(page('<p>first</p>'));
      expect(keeper.size).toBe(0); // a first miss is only noted

      const second = keeper.forPage();
      expect(second.partOf('page', { id: 1 })).toBeUndefined();
      second.keepParts(page('<p>second</p>'));
      expect(keeper.size).toBe(1);

      expect(keeper.forPage().partOf('page', { id: 1 })).toBe('<p>second</p>');
      expect(keeper.forPage().partOf('page', { id: 2 })).toBeUndefined();
      expect(keeper.forPage().partOf('other', { id: 1 })).toBeUndefined();
    });

    it('keeps nothing from a page that did not ask for the part, or whose markup lacks it', () => {
      const { keeper } = keeperForTest();
      for (let i = 0; i < 2; i++) keeper.forPage().partOf('page', { id: 1 });
      keeper.forPage().keepParts(page('<p>not asked</p>'));
      expect(keeper.size).toBe(0);

      for (let i = 0; i < 2; i++) {
        const each = keeper.forPage();
        each.partOf('page', { id: 3 });
        each.keepParts(Buffer.from('<main>an error page</main>'));
      }
      expect(keeper.size).toBe(0);
    });
  });
});
