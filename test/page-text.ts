/** The rendered text of a page: tags and React's comment markers gone, the entities of our test data decoded, spaces collapsed. */
export function pageText(html: string) {
  return html
    .replace(/<!--.*?-->/g, '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&amp;/g, '&')
    .replace(/&#x27;/g, "'")
    .replace(/\s+/g, ' ');
}
