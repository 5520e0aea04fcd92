import { useEffect } from 'react';

/** The app's own picture for an image that does not load; tailwind.css shows it without JavaScript. */
const IMAGE_UNAVAILABLE_URL = '/images/image-unavailable.svg';

function fallBack(image: HTMLImageElement) {
  if (image.getAttribute('src') !== IMAGE_UNAVAILABLE_URL) image.src = IMAGE_UNAVAILABLE_URL;
}

/**
 * With JavaScript, swaps every image that fails to load (its host down or unreachable) for the
 * placeholder, for browsers that do not draw the stylesheet's fallback (a broken image's ::after).
 * Images that failed before hydration are found by their state.
 */
export function BrokenImageFallback() {
  useEffect(() => {
    const onError = (event: Event) => {
      if (event.target instanceof HTMLImageElement) fallBack(event.target);
    };
    document.addEventListener('error', onError, true);
    for (const image of Array.from(document.images)) {
      if (image.complete && image.naturalWidth === 0 && image.currentSrc) fallBack(image);
    }
    return () => document.removeEventListener('error', onError, true);
  }, []);
  return null;
}
