// The file that names the DATA_DIR of the e2e server listening on `port`: start-server.mjs writes
// it, e2e/fixtures.ts reads it to reach that server's database.
import os from 'node:os';
import path from 'node:path';

/** @param {string | number | undefined} port */
export function dataDirPointer(port) {
  return path.join(os.tmpdir(), `reen-e2e-${port}.data-dir`);
}
