import { PassThrough } from 'node:stream';
import type { ActionFunctionArgs, AppLoadContext, EntryContext, LoaderFunctionArgs } from '@remix-run/node';
import { isRouteErrorResponse, RemixServer } from '@remix-run/react';
import { renderToPipeableStream } from 'react-dom/server';
import { MarkupKeeperContext } from '~/components/markup-keeper-context.ts';
import { logger } from '~/utils/logger.server.ts';
import { markupKeeper } from '~/utils/markup-keeper.server.ts';
import { NonceContext } from '~/utils/nonce.ts';
import { matchesIfNoneMatch, pageEtag } from '~/utils/page-etag.server.ts';
import { keepPrivatePagesOutOfCaches, keepPrivatePagesOutOfSearch } from '~/utils/private-pages.server.ts';

// The server, the worker and the operator commands run from this build, beside the routes: one copy
// of every app module per process (docs/decisions/018-one-build-per-process.md).
export * as processes from '../server/processes.ts';

// Tables' rows and pages' content rendered once per their data, shared by every request of this process.
const keptMarkup = markupKeeper({ maxChars: 4_000_000 });

// Rejected promises in loaders (streamed data) time out after this long.
export const streamTimeout = 5_000;

/**
 * Every document is rendered whole and sent in one piece, with its length. No page defers data, so
 * streaming bought nothing, while each streamed chunk was written (and, with gzip, flushed) on its
 * own: compressed pages came out much larger than compressed whole (figures in bench/README.md).
 */
export default async function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  loadContext: AppLoadContext,
) {
  await readHydrationDataAhead(remixContext);
  const nonce = loadContext.cspNonce ?? '';
  keepPrivatePagesOutOfCaches(request, responseHeaders);
  keepPrivatePagesOutOfSearch(request, responseHeaders);
  // Kept content is keyed by loader data and URL only: a form's answer (a POST's action data) is not in it.
  const keeper = request.method === 'GET' ? keptMarkup.forPage() : null;
  return new Promise<Response>((resolve, reject) => {
    let shellRendered = false;
    // Set below: a render still unfinished after streamTimeout is aborted.
    let abortTimer: NodeJS.Timeout | undefined;
    const { pipe, abort } = renderToPipeableStream(
      <NonceContext.Provider value={nonce}>
        <MarkupKeeperContext.Provider value={keeper}>
          <RemixServer context={remixContext} url={request.url} nonce={nonce} />
        </MarkupKeeperContext.Provider>
      </NonceContext.Provider>,
      {
        nonce,
        onShellReady() {
          shellRendered = true;
        },
        onAllReady() {
          clearTimeout(abortTimer);
          const chunks: Buffer[] = [];
          // No 'close' event: React takes one as the reader going away and aborts the finished
          // render, ending the stream a second time (an error object built per page).
          const body = new PassThrough({ emitClose: false });
          body.on('data', (chunk: Buffer) => chunks.push(chunk));
          body.on('end', () => {
            const html = Buffer.concat(chunks);
            // A page that failed in part rendered its error boundary: nothing of it is kept.
            if (responseStatusCode === 200) keeper?.keepParts(html);
            responseHeaders.set('Content-Type', 'text/html; charset=utf-8');
            resolve(wholeAnswer(request, html, responseHeaders, responseStatusCode, nonce));
          });
          pipe(body);
        },
        onShellError(error: unknown) {
          clearTimeout(abortTimer);
          reject(error);
        },
        onError(error: unknown) {
          responseStatusCode = 500;
          // Errors after the shell are already handled by error boundaries; log the rest.
          if (shellRendered) logger().error({ err: error }, 'rendering failed');
        },
      },
    );
    abortTimer = setTimeout(abort, streamTimeout + 1_000);
  });
}

/**
 * The loaders' data for hydration, read whole before the render into the cache Remix's `<Scripts>`
 * reads it from (`renderMeta.streamCache`, an entry per chunk read). Read during the render, each
 * chunk and then the stream's end suspended it, a task React resumed later. No page defers data,
 * so it is all there once the loaders have run; the page's bytes are the same.
 */
async function readHydrationDataAhead(context: EntryContext): Promise<void> {
  const stream = context.serverHandoffStream;
  if (!stream || !context.renderMeta) return;
  const settled = (outcome: { result: { done: boolean; value: string } } | { error: unknown }) => Object.assign(Promise.resolve(), outcome);
  try {
    const text = await new Response(stream).text();
    context.renderMeta.streamCache = { 0: settled({ result: { done: false, value: text } }), 1: settled({ result: { done: true, value: '' } }) };
  } catch (error) {
    context.renderMeta.streamCache = { 0: settled({ error }) };
  }
  // RemixServer still asks the stream for a reader, which the cache leaves unused: the read one is locked.
  context.serverHandoffStream = new ReadableStream({ start: (controller) => controller.close() });
}

/**
 * An answer sent in one piece, with its length; a GET's 200 also with its ETag (a hash of the body
 * without `nonce`), or a 304 when the browser's copy is still right.
 */
function wholeAnswer(request: Request, body: Buffer<ArrayBuffer>, headers: Headers, status: number, nonce: string): Response {
  if (request.method === 'GET' && status === 200) {
    const etag = pageEtag(body, nonce);
    headers.set('ETag', etag);
    if (isNotModified(request, headers, etag)) return new Response(null, { headers, status: 304 });
  }
  headers.set('Content-Length', String(body.length));
  return new Response(body, { headers, status });
}

/**
 * The browser's copy is still right: its tag matches and this response sets no cookie (a flash
 * being cleared, a renewed session), which a 304 would carry without the page that goes with it.
 */
function isNotModified(request: Request, responseHeaders: Headers, etag: string): boolean {
  return !responseHeaders.has('Set-Cookie') && matchesIfNoneMatch(request.headers.get('If-None-Match'), etag);
}

/**
 * Data requests (single fetch's `.data`, and `?_data=`) of a signed-in person are private too. A
 * page's data for a JavaScript navigation is sent whole, with an ETag as its page has (a visitor's
 * browser revalidates its copy; the server's page cache keeps a visitor's answer by it).
 */
export async function handleDataRequest(response: Response, { request }: LoaderFunctionArgs | ActionFunctionArgs) {
  keepPrivatePagesOutOfCaches(request, response.headers);
  if (request.method !== 'GET' || response.status !== 200 || !response.body) return response;
  return wholeAnswer(request, Buffer.from(await response.arrayBuffer()), new Headers(response.headers), 200, '');
}

/**
 * Remix's warning for a `?_data=` request, which only a client can cause (our pages use single
 * fetch): logged as an error with a stack, any anonymous visitor could fill the error log with it.
 */
const LEGACY_DATA_REQUEST = /^Warning: Single fetch-enabled apps should not be making \?_data requests/;

/** Logs errors thrown by loaders, actions and rendering (the request id comes with the log scope). */
export function handleError(error: unknown, { request }: LoaderFunctionArgs | ActionFunctionArgs) {
  if (request.signal.aborted) return; // the client went away: not our error
  // A client's mistakes (an unknown page: 404, a POST to a page without an action: 405, a `_data`
  // naming no route: 403, a `?_data=` request at all) are not our errors: the request log line
  // records their status, at info, without a stack.
  if (isRouteErrorResponse(error) && error.status < 500) return;
  if (error instanceof Error && LEGACY_DATA_REQUEST.test(error.message)) return;
  logger().error({ err: error, method: request.method, path: new URL(request.url).pathname }, 'the request failed');
}
