import { createElement } from 'react';
import { renderToString } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { innerMarkupOfPart } from './kept-part-markup.server.ts';

const html = (markup: string) => Buffer.from(markup, 'utf8');

describe('innerMarkupOfPart', () => {
  it("cuts the marked element's content from React's markup, nested elements of the same tag and text that looks like markup included", () => {
    // Text a person can type: closing tags, the marker itself, quotes, non-Latin letters.
    const tricky = '</article> data-kept-part="page" <article> "quoted" שלום 🎉';
    const content = (
      <>
        <h1>{tricky}</h1>
        <article title={tricky}>
          <article>
            <p>Nested {tricky}</p>
          </article>
        </article>
        {/* A tag whose name begins with the part's tag's. */}
        {createElement('articles-list', null, 'custom')}
        <p>
          a{'b'}
          {3}
        </p>
      </>
    );
    const page = renderToString(
      <div>
        <header>Before</header>
        <article className="x" data-kept-part="page" aria-label="Page">
          {content}
        </article>
        <article>After</article>
      </div>,
    );
    expect(innerMarkupOfPart(html(page), 'page')).toBe(renderToString(content));
  });

  it('finds nothing for a part the page lacks, has twice, or does not close', () => {
    expect(innerMarkupOfPart(html('<div><article>x</article></div>'), 'page')).toBeUndefined();
    expect(innerMarkupOfPart(html('<div data-kept-part="page">a</div><div data-kept-part="page">b</div>'), 'page')).toBeUndefined();
    expect(innerMarkupOfPart(html('<div data-kept-part="page"><div>a</div>'), 'page')).toBeUndefined();
    expect(innerMarkupOfPart(html('<div data-kept-part="pages">a</div>'), 'page')).toBeUndefined();
    expect(innerMarkupOfPart(html('<div data-kept-part="page"></div>'), 'page')).toBe('');
  });
});
