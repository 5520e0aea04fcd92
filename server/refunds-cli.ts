// `npm run refunds:failed` (./refunds-command.ts).
import './env-file.ts';
import { loadAppBuild } from './app-build.ts';

await (await loadAppBuild()).entry.module.processes.runRefundsCommand();
