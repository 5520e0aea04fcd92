// `npm run dev`: started by `remix dev --manual`, reloading the build on each change.
import './env-file.ts';
import { startWeb } from './web.ts';

await startWeb({ dev: true });
