// The order vitest starts test files in. By default it runs the longest first when it knows their
// durations from an earlier run, and else the largest files first: on a fresh clone (CI) the
// benchmark's smoke test, small but the longest by far, started last and ran alone at the end.
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/** Files that take minutes, started before everything else. */
const LONGEST = ['bench/smoke.test.ts'];

export class LongestFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const longest = (file: TestSpecification) => LONGEST.some((path) => file.moduleId.endsWith(path));
    const sorted = await super.sort(files);
    return [...sorted.filter(longest), ...sorted.filter((file) => !longest(file))];
  }
}
