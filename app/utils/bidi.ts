/**
 * Typed text inside a plain-text message (a notice, a flash message): wrapped in Unicode's
 * first-strong isolate and its closing mark, the plain-text twin of `<bdi>`. Pages render such a
 * message with `<MessageText>` (components/user-text.tsx), which turns each quote into a `<bdi>`.
 */
export function isolate(text: string): string {
  return `\u2068${text}\u2069`;
}

/** One isolated quote, its text captured. */
export const ISOLATED = /\u2068([^\u2068\u2069]*)\u2069/;
