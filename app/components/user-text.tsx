import { Fragment } from 'react';
import { ISOLATED } from '~/utils/bidi.ts';

/**
 * Text a person typed (a name, a product's name, an email) among the app's own words: isolated, so
 * that a right-to-left name does not reorder what stands beside it ("by", an amount, a colon).
 */
export function UserText({ children }: { children: string }) {
  return <bdi>{children}</bdi>;
}

/** A message that quotes typed text through `isolate()`: each quote shown as a `<UserText>`. */
export function MessageText({ text }: { text: string }) {
  // split() with a capturing group: the quoted parts land at the odd indexes.
  const parts = text.split(ISOLATED);
  return <>{parts.map((part, i) => (i % 2 === 1 ? <UserText key={i}>{part}</UserText> : <Fragment key={i}>{part}</Fragment>))}</>;
}
