// `npm run worker`: the job worker alone (./worker-process.ts).
import './env-file.ts';
import './production-mode.ts';
import { loadAppBuild } from './app-build.ts';

await (await loadAppBuild()).entry.module.processes.runWorkerProcess();
