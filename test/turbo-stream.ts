// turbo-stream, the format Remix writes loaders' data in, as Remix's server runtime loads it: the
// CommonJS build of the copy found from the runtime's own folder (patched, patches/README.md). It is
// not a dependency of ours by name.
import { createRequire } from 'node:module';
import path from 'node:path';

export type TurboPlugin = (value: unknown) => unknown[] | undefined;

export type TurboStream = {
  encode: (value: unknown, options: { plugins: TurboPlugin[]; postPlugins: TurboPlugin[] }) => ReadableStream<Uint8Array>;
  decode: (body: ReadableStream<Uint8Array>) => Promise<{ value: unknown; done: Promise<void> }>;
};

const load = createRequire(import.meta.url);
const runtimeFolder = path.dirname(load.resolve('@remix-run/server-runtime/package.json'));

/** The file Remix's server runtime loads for `turbo-stream`. */
export const serversTurboStreamFile = load.resolve('turbo-stream', { paths: [runtimeFolder] });

export const serversTurboStream = load(serversTurboStreamFile) as TurboStream;
