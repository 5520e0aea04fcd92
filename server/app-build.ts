// Loads the app's build (`remix build`'s build/index.js), which carries the server, the worker and
// the commands as well as the routes: the entry points import nothing else of the app, so that
// each process holds one copy of every app module (docs/decisions/018-one-build-per-process.md).
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ServerBuild } from '@remix-run/node';
import type * as entryServer from '~/entry.server.tsx';
import { projectRoot } from './project-root.ts';

export type AppBuild = ServerBuild & { entry: { module: typeof entryServer } };

export const APP_BUILD_PATH = path.join(projectRoot(), 'build/index.js');

/** `version` makes Node import the file again (`npm run dev` after each rebuild). */
export async function loadAppBuild(version?: number): Promise<AppBuild> {
  const url = pathToFileURL(APP_BUILD_PATH).href;
  return (await import(version === undefined ? url : `${url}?t=${version}`)) as AppBuild;
}
