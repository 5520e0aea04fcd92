import { Link } from '@remix-run/react';
import type { CSSProperties } from 'react';

/**
 * A product's thumbnail in a list. Hovering it, or focusing its link, shows all the product's
 * images larger, without JavaScript (`:hover` and `:focus-within`). The larger images are lazy
 * inside a hidden box, so the browser fetches them only once the box is shown. The box is
 * position: fixed, anchored to the thumbnail (see .image-preview in tailwind.css), so the table's
 * scrolling container cannot clip it.
 */
export function ImagePopover({ productId, name, images }: { productId: string; name: string; images: string[] }) {
  const count = images.length;
  const anchor = { '--preview-anchor': `--preview-${productId}` } as CSSProperties;
  return (
    <div className="image-popover relative h-16 w-16" style={anchor} data-testid="image-popover">
      <Link to={`/products/${productId}`} className="image-preview-anchor relative block h-16 w-16 overflow-hidden rounded-md bg-zinc-100 dark:bg-zinc-800">
        <img src={images[0]} alt="" width={64} height={64} loading="lazy" className="h-16 w-16 object-cover" />
        <span className="sr-only">{`${name}, ${count === 1 ? '1 image' : `${count} images`}`}</span>
        {count > 1 ? (
          <span aria-hidden="true" className="absolute bottom-0 right-0 rounded-tl-md bg-black/60 px-1 text-xs font-semibold text-white">
            +{count - 1}
          </span>
        ) : null}
      </Link>
      <div
        data-testid="image-preview"
        className="image-preview z-40 grid-cols-2 gap-2 rounded-lg border border-zinc-200 bg-white p-2 shadow-xl sm:grid-cols-3 dark:border-zinc-700 dark:bg-zinc-900"
      >
        {images.map((src, i) => (
          <span
            key={`${i}:${src}`}
            role="img"
            aria-label={`${name}, image ${i + 1} of ${count}`}
            style={{ '--preview-image': `url(${JSON.stringify(src)})` } as CSSProperties}
            className="aspect-square w-full rounded-md bg-zinc-100 bg-cover bg-center dark:bg-zinc-800"
          />
        ))}
      </div>
    </div>
  );
}
