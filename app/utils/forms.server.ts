/**
 * The body of a form POST. A hand-made request whose body is not a form (JSON, broken multipart),
 * is not UTF-8 text, or carries a NUL character (PostgreSQL cannot store one) gets a 400 with a
 * message, not a 500 and not a silently mangled value.
 */
export async function readFormData(request: Request): Promise<FormData> {
  const contentType = request.headers.get('content-type') ?? '';
  let form: FormData;
  try {
    form = contentType.startsWith('application/x-www-form-urlencoded') ? await readUrlEncoded(request) : await request.formData();
  } catch (error) {
    if (error instanceof Response) throw error;
    throw new Response('The request body could not be read as a form.', { status: 400 });
  }
  for (const [name, value] of form) {
    if (name.includes('\0') || (typeof value === 'string' && value.includes('\0'))) {
      throw new Response('The form contains a NUL character, which no field accepts.', { status: 400 });
    }
  }
  return form;
}

/**
 * Parsed strictly: URLSearchParams (and so request.formData()) would turn bytes that are not UTF-8
 * into U+FFFD replacement characters and store them.
 */
async function readUrlEncoded(request: Request): Promise<FormData> {
  const notUtf8 = () => new Response('The form is not valid UTF-8 text.', { status: 400 });
  const bytes = await request.arrayBuffer();
  let body: string;
  try {
    body = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw notUtf8();
  }
  const form = new FormData();
  for (const pair of body.split('&')) {
    if (!pair) continue;
    const separator = pair.indexOf('=');
    const [name, value] = separator < 0 ? [pair, ''] : [pair.slice(0, separator), pair.slice(separator + 1)];
    try {
      // decodeURIComponent throws on a percent-encoded sequence that is not UTF-8.
      form.append(decodeURIComponent(name.replaceAll('+', ' ')), decodeURIComponent(value.replaceAll('+', ' ')));
    } catch {
      throw notUtf8();
    }
  }
  return form;
}
