// Express gives every request and response its own prototype (`app.request`, `app.response`) by
// calling Object.setPrototypeOf on both as they arrive (its `expressInit`). V8 handles a prototype
// changed on a live object slowly, and every such object then outlives the young generation: each
// request and what it reached was copied into the old generation and left for full collections
// (figures in bench/README.md). Node can build requests and responses of our own classes instead;
// with those prototypes already in place, Express's call finds nothing to change.
import { IncomingMessage, ServerResponse, type ServerOptions } from 'node:http';
import type { Express } from 'express';

/** Node's `IncomingMessage` and `ServerResponse` options for a server of `app`. */
export function expressMessageClasses(app: Express): Pick<ServerOptions, 'IncomingMessage' | 'ServerResponse'> {
  function AppRequest(this: unknown, ...args: ConstructorParameters<typeof IncomingMessage>) {
    return Reflect.construct(IncomingMessage, args, AppRequest) as IncomingMessage;
  }
  AppRequest.prototype = app.request;
  function AppResponse(this: unknown, ...args: ConstructorParameters<typeof ServerResponse>) {
    return Reflect.construct(ServerResponse, args, AppResponse) as ServerResponse;
  }
  AppResponse.prototype = app.response;
  return {
    IncomingMessage: AppRequest as unknown as typeof IncomingMessage,
    ServerResponse: AppResponse as unknown as typeof ServerResponse,
  };
}
