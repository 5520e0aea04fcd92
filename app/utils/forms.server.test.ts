import { describe, expect, it } from 'vitest';
import { readFormData } from './forms.server.ts';

function formRequest(body: BodyInit, type = 'application/x-www-form-urlencoded') {
  return new Request('http://reen.test/form', { method: 'POST', headers: { 'Content-Type': type }, body });
}

async function refusal(request: Request) {
  const thrown = await readFormData(request).catch((error: unknown) => error);
  expect(thrown).toBeInstanceOf(Response);
  const response = thrown as Response;
  return { status: response.status, message: await response.text() };
}

describe('readFormData', () => {
  it('reads a urlencoded form exactly as the platform does, repeated fields included', async () => {
    const body = 'name=Ada+Lovelace&email=ada%40example.test&tag=a&tag=b&empty=&flag&emoji=%F0%9F%A6%84&plus=1%2B1';
    const ours = await readFormData(formRequest(body));
    const platform = await formRequest(body).formData();
    expect([...ours]).toEqual([...platform]);
    expect(ours.getAll('tag')).toEqual(['a', 'b']);
    expect(ours.get('emoji')).toBe('🦄');
  });

  it('reads a multipart form', async () => {
    const form = new FormData();
    form.set('intent', 'add');
    const ours = await readFormData(new Request('http://reen.test/form', { method: 'POST', body: form }));
    expect(ours.get('intent')).toBe('add');
  });

  it.each([
    ['raw bytes that are not UTF-8', new Uint8Array([...Buffer.from('name=Ada'), 0xff])],
    ['percent-encoded bytes that are not UTF-8', 'name=%FF%FE'],
    ['a broken percent sequence', 'name=%E0%A4%A'],
  ])('refuses %s with 400 instead of storing replacement characters', async (_, body) => {
    expect(await refusal(formRequest(body))).toEqual({ status: 400, message: 'The form is not valid UTF-8 text.' });
  });

  it('refuses a NUL in a value or a name', async () => {
    expect((await refusal(formRequest('name=Ada%00'))).message).toMatch(/NUL character/);
    expect((await refusal(formRequest('na%00me=Ada'))).status).toBe(400);
  });

  it('refuses a body that is not a form', async () => {
    expect(await refusal(formRequest('{"name":"Ada"}', 'application/json'))).toEqual({ status: 400, message: 'The request body could not be read as a form.' });
  });
});
