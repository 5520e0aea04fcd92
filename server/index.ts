// `npm start`: the production server (web + worker unless RUN_WORKER=0).
import './env-file.ts';
import './production-mode.ts';
import { startWeb } from './web.ts';

await startWeb({ dev: false });
