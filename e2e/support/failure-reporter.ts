// Printed at the end of a run in which tests failed, after the list reporter's summary: for each
// failed test, its page snapshot (error-context), its browser log (e2e/support/test.ts) and what the
// server logged while it ran (warnings, errors, and requests that failed or took long, from the log
// e2e/start-server.mjs keeps). CI keeps nothing but the printed output, so a failure there has to be
// readable from it.
import { existsSync, readFileSync, rmSync } from 'node:fs';
import type { Reporter, TestCase, TestResult } from '@playwright/test/reporter';

/** A server request longer than this is printed beside a failed test. */
const SLOW_SERVER_REQUEST_MS = 500;
/** The most lines of each kind printed for one test. */
const MOST_LINES = 80;

type Options = { serverLog?: string };
type Failure = { title: string; start: number; end: number; attachments: TestResult['attachments'] };

export default class FailureReporter implements Reporter {
  private readonly failures: Failure[] = [];

  constructor(private readonly options: Options = {}) {}

  onTestEnd(test: TestCase, result: TestResult) {
    if (result.status === test.expectedStatus) return;
    const start = result.startTime.getTime();
    this.failures.push({
      title: `[${test.parent.project()?.name}] ${test.titlePath().slice(2).join(' › ')}`,
      start,
      end: start + result.duration,
      attachments: result.attachments,
    });
  }

  onEnd() {
    const serverLines = this.failures.length > 0 ? this.readServerLog() : [];
    // Read once: each run's server (on a port of its own) writes a new one.
    if (this.options.serverLog) rmSync(this.options.serverLog, { force: true });
    for (const failure of this.failures) {
      print(`\n==== What failed test ${failure.title} saw ====`);
      for (const name of ['error-context', 'browser-log']) {
        const attachment = failure.attachments.find((candidate) => candidate.name === name && candidate.path && existsSync(candidate.path));
        if (attachment?.path) print(`---- ${name} ----\n${lastLines(readFileSync(attachment.path, 'utf8'))}`);
      }
      const during = serverLines.filter((line) => line.end >= failure.start && line.start <= failure.end && line.notable).map((line) => line.text);
      if (this.options.serverLog)
        print(`---- the server, while it ran (both workers) ----\n${lastLines(during.join('\n')) || '(nothing slow, failed or warned)'}`);
    }
  }

  printsToStdio() {
    return true;
  }

  private readServerLog() {
    const file = this.options.serverLog;
    if (!file || !existsSync(file)) return [];
    return readFileSync(file, 'utf8')
      .split('\n')
      .flatMap((text) => {
        const entry = parse(text);
        if (!entry) return [];
        const end = Date.parse(entry.time);
        const ms = typeof entry.durationMs === 'number' ? entry.durationMs : 0;
        const notable = entry.level !== 'info' || ms > SLOW_SERVER_REQUEST_MS || (typeof entry.status === 'number' && entry.status >= 500);
        return [{ start: end - ms, end, notable, text: text.length > 600 ? `${text.slice(0, 600)}…` : text }];
      });
  }
}

function parse(text: string): { time: string; level?: string; durationMs?: unknown; status?: unknown } | null {
  if (!text.startsWith('{')) return null;
  try {
    const entry = JSON.parse(text) as { time?: unknown };
    return typeof entry.time === 'string' ? (entry as { time: string }) : null;
  } catch {
    return null;
  }
}

function lastLines(text: string): string {
  const lines = text.trimEnd().split('\n');
  return lines.length > MOST_LINES ? [`(${lines.length - MOST_LINES} earlier lines left out)`, ...lines.slice(-MOST_LINES)].join('\n') : lines.join('\n');
}

function print(text: string) {
  process.stdout.write(`${text}\n`);
}
