import type { CSSProperties } from 'react';
import { PlainLink } from './plain-link.tsx';

/**
 * A product's thumbnail in a list. Hovering it, or focusing its link, shows all the product's
 * images larger, without JavaScript (`:hover` and `:focus-within`). The larger images are lazy
 * inside a hidden box, so the browser fetches them only once the box is shown. The box is
 * position: fixed, anchored to the thumbnail (see .image-preview in tailwind.css), so the table's
 * scrolling container cannot clip it. Its look is in tailwind.css, not in utility classes: a list
 * repeats it on every row, and every image of every row, so the classes would weigh on each page.
 */
export function ImagePopover({ productId, name, images }: { productId: string; name: string; images: string[] }) {
  const count = images.length;
  const anchor = { '--preview-anchor': `--preview-${productId}` } as CSSProperties;
  return (
    <div className="image-popover" style={anchor} data-testid="image-popover">
      <PlainLink to={`/products/${productId}`} className="image-preview-anchor">
        <img src={images[0]} alt="" width={64} height={64} loading="lazy" />
        <span className="sr-only">{`${name}, ${count === 1 ? '1 image' : `${count} images`}`}</span>
        {count > 1 ? (
          <span aria-hidden="true" className="image-count">
            +{count - 1}
          </span>
        ) : null}
      </PlainLink>
      <div data-testid="image-preview" className="image-preview">
        {images.map((src, i) => (
          <span
            key={`${i}:${src}`}
            role="img"
            aria-label={`${name}, image ${i + 1} of ${count}`}
            style={{ '--preview-image': `url(${JSON.stringify(src)})` } as CSSProperties}
          />
        ))}
      </div>
    </div>
  );
}
