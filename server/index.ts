// `npm start`: the production server (web + worker unless RUN_WORKER=0).
import './env-file.ts';
import './production-mode.ts';
import { loadAppBuild } from './app-build.ts';

const build = await loadAppBuild();
await build.entry.module.processes.startWeb({ build, dev: false });
