/**
 * The body of a form POST. A hand-made request whose body is not a form (JSON, broken multipart)
 * gets a 400 with a message, not a 500.
 */
export async function readFormData(request: Request): Promise<FormData> {
  try {
    return await request.formData();
  } catch {
    throw new Response('The request body could not be read as a form.', { status: 400 });
  }
}
