import { useRef, useState } from 'react';
import { useHydrated } from '~/hooks/use-hydrated.ts';

/**
 * A product's images. Without JavaScript it is a horizontal scroll-snap strip with numbered anchor
 * links; with it, previous/next buttons and "Image i of n" are added.
 */
export function ImageCarousel({ images, name }: { images: string[]; name: string }) {
  const hydrated = useHydrated();
  const track = useRef<HTMLUListElement>(null);
  const [index, setIndex] = useState(0);
  const count = images.length;

  function show(target: number) {
    const element = track.current;
    if (!element) return;
    const next = (target + count) % count;
    element.scrollTo({ left: next * element.clientWidth, behavior: 'smooth' });
    setIndex(next);
  }

  return (
    <div className="space-y-2" data-testid="carousel">
      <ul
        ref={track}
        aria-label={`Images of ${name}`}
        // Scrollable, so reachable by keyboard: arrow keys scroll it once it has focus.
        // eslint-disable-next-line jsx-a11y/no-noninteractive-tabindex -- a list that scrolls, not a region
        tabIndex={0}
        className="flex snap-x snap-mandatory overflow-x-auto scroll-smooth rounded-lg border border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-900"
        onScroll={(event) => {
          const element = event.currentTarget;
          setIndex(Math.round(element.scrollLeft / Math.max(element.clientWidth, 1)));
        }}
      >
        {images.map((src, i) => (
          <li key={src} id={`image-${i + 1}`} className="relative w-full shrink-0 snap-center">
            {/* Without JavaScript nothing tracks the scroll: each image carries its own number, above the image (every img is positioned, for its broken-image fallback). */}
            {!hydrated && count > 1 ? (
              <span
                aria-hidden="true"
                data-testid="image-number"
                className="absolute right-2 top-2 z-10 rounded-full bg-black/70 px-2 py-0.5 text-xs font-semibold text-white"
              >
                {`${i + 1} / ${count}`}
              </span>
            ) : null}
            <img
              src={src}
              alt={`${name}, image ${i + 1} of ${count}`}
              width={480}
              height={480}
              className="mx-auto aspect-square w-full max-w-md object-contain"
            />
          </li>
        ))}
      </ul>
      {count > 1 ? (
        <div className="flex items-center justify-center gap-3 text-sm">
          {hydrated ? (
            <button
              type="button"
              onClick={() => show(index - 1)}
              className="rounded-md border border-zinc-300 px-3 py-1 hover:bg-zinc-100 dark:border-zinc-700 dark:hover:bg-zinc-800"
            >
              Previous<span className="sr-only"> image</span>
            </button>
          ) : null}
          <ul aria-label="Choose an image" className="flex gap-1">
            {images.map((src, i) => (
              <li key={src}>
                <a
                  href={`#image-${i + 1}`}
                  aria-current={hydrated && i === index ? 'true' : undefined}
                  onClick={(event) => {
                    event.preventDefault();
                    show(i);
                  }}
                  className="grid h-7 w-7 place-items-center rounded-full border border-zinc-300 text-xs aria-[current=true]:bg-brand-700 aria-[current=true]:text-white dark:border-zinc-700"
                >
                  <span className="sr-only">Show image </span>
                  {i + 1}
                </a>
              </li>
            ))}
          </ul>
          {hydrated ? (
            <>
              <button
                type="button"
                onClick={() => show(index + 1)}
                className="rounded-md border border-zinc-300 px-3 py-1 hover:bg-zinc-100 dark:border-zinc-700 dark:hover:bg-zinc-800"
              >
                Next<span className="sr-only"> image</span>
              </button>
              <p aria-live="polite" className="text-zinc-600 dark:text-zinc-400" data-testid="carousel-status">
                {`Image ${index + 1} of ${count}`}
              </p>
            </>
          ) : null}
        </div>
      ) : null}
    </div>
  );
}
