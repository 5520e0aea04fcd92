// The order vitest starts test files in. By default it runs the longest first when it knows their
// durations from an earlier run, and else the largest files first: on a fresh clone (CI) the files
// that start servers, child processes or a load run, small but long, started late and ran on alone at
// the end (the benchmark's smoke test, then the database commands' test).
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/** The files that take 20 s or more, longest first: started before everything else, in this order. */
const LONGEST = [
  'server/production-install.test.ts',
  'bench/smoke.test.ts',
  'server/deployment.test.ts',
  'server/shutdown.test.ts',
  'server/multi-process.test.ts',
  'server/load.test.ts',
  'server/db-cli.test.ts',
  'server/start.test.ts',
  'server/migrate-cli.test.ts',
];

export class LongestFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const rank = (file: TestSpecification) => LONGEST.findIndex((path) => file.moduleId.endsWith(path));
    const sorted = await super.sort(files);
    const longest = sorted.filter((file) => rank(file) >= 0).sort((a, b) => rank(a) - rank(b));
    return [...longest, ...sorted.filter((file) => rank(file) < 0)];
  }
}
