// Any URL no other route matches: a 404 inside the app's layout.
export function loader() {
  throw new Response('Not found', { status: 404 });
}

export default function NotFound() {
  return null;
}
