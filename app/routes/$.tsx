// Any URL no other route matches: a 404 inside the app's layout, whatever the method (without an
// action here, a POST would be answered 405, as if the page existed).
export function loader() {
  throw new Response('Not found', { status: 404 });
}

export function action() {
  return loader();
}

export default function NotFound() {
  return null;
}
