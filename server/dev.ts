// `npm run dev`: started by `remix dev --manual`, reloading the build on each change.
import './env-file.ts';
import { loadAppBuild } from './app-build.ts';

const build = await loadAppBuild();
await build.entry.module.processes.startWeb({ build, dev: true });
