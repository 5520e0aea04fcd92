// Any URL no other route matches: a 404 inside the app's layout, whatever the method (without an
// action here, a POST would be answered 405, as if the page existed).
import { notFound } from '~/utils/refusals.server.ts';

export function loader() {
  notFound();
}

export function action() {
  return loader();
}

export default function NotFound() {
  return null;
}
