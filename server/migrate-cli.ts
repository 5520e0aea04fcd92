// `npm run migrate` / Fly's release command (./migrate-command.ts).
import './env-file.ts';
import { loadAppBuild } from './app-build.ts';

await (await loadAppBuild()).entry.module.processes.runMigrateCommand();
