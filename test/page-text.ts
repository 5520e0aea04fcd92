/**
 * A page with its response's CSP nonce (fresh on every answer, and the only part of two answers of
 * the same page that must differ) named alike: `NONCE`.
 */
export function nonceNamedAlike(html: string) {
  const nonce = /nonce="([^"]+)"/.exec(html)![1]!;
  return html.replaceAll(nonce, 'NONCE');
}

/** Text as React escapes it in HTML, back as typed (`&amp;` last, so that `&amp;lt;` reads `&lt;`). */
export function decodeEntities(text: string) {
  return text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#x27;|&#39;/g, "'")
    .replace(/&amp;/g, '&');
}

/**
 * The text of a page as a reader sees it: scripts, tags and React's comment markers gone, entities
 * decoded, spaces collapsed. A typed name is isolated in a `<bdi>` inside its sentence: no space
 * around it.
 */
export function pageText(html: string) {
  const withoutMarkup = html
    .replace(/<script[\s\S]*?<\/script>/g, ' ')
    .replace(/<!--.*?-->/g, '')
    .replace(/<\/?bdi>/g, '')
    .replace(/<[^>]+>/g, ' ');
  return decodeEntities(withoutMarkup).replace(/\s+/g, ' ');
}
