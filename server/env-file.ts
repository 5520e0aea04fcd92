// Imported first by every entry point (web, worker, release and operator commands, `npm run dev`):
// reads `.env` from the working directory when there is one, as `node --env-file-if-exists` would.
// Variables already set in the environment win. ENV_FILE names another file; ENV_FILE=none reads
// none (the test runs set it, so that a developer's .env cannot change what a test starts).
import { existsSync } from 'node:fs';

const file = process.env.ENV_FILE?.trim() || '.env';
if (file !== 'none' && existsSync(file)) process.loadEnvFile(file);
