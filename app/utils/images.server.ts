import { env } from './env.server.ts';

/**
 * The URL of a product image. Images are generated from their id (no uploads); the template is
 * configurable so that an offline deployment can use the built-in /placeholder-images/{id} route.
 */
export function productImageUrl(imageId: string): string {
  return env().IMAGE_URL_TEMPLATE.replaceAll('{id}', encodeURIComponent(imageId));
}
