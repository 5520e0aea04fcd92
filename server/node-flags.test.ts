// Every place that starts our processes in production (and the e2e server's copy) passes the Node
// flags and the environment of server/node-flags.ts, and this Node accepts the flags.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { NODE_FLAGS, PROCESS_ENV } from './node-flags.ts';
import { projectRoot } from './project-root.ts';

const read = (file: string) => readFileSync(path.join(projectRoot(), file), 'utf8');

/** The line of a file's text whose `node` command runs `entry`. */
function commandLine(text: string, entry: string): string {
  const line = text.split('\n').find((candidate) => candidate.includes(entry) && /\bnode\b/.test(candidate));
  if (!line) throw new Error(`no command runs ${entry}`);
  return line;
}

/** The flags on the command line that runs `entry`, in order, from the text of a file. */
function flagsBefore(text: string, entry: string): string[] {
  const line = commandLine(text, entry);
  const beforeEntry = line.slice(0, line.indexOf(entry));
  return [...beforeEntry.matchAll(/--[\w-]+(?:=\S+?)?(?=["',\s]|$)/g)].map((match) => match[0]);
}

const scripts = JSON.parse(read('package.json')).scripts as Record<string, string>;

describe('the Node flags of the web process and the worker', () => {
  it.each([
    ['fly.toml web', read('fly.toml'), 'build/server/index.js', NODE_FLAGS.web],
    ['fly.toml worker', read('fly.toml'), 'build/server/worker.js', NODE_FLAGS.worker],
    ["the image's CMD", read('Dockerfile'), 'build/server/index.js', NODE_FLAGS.web],
    ['npm start', scripts.start!, 'build/server/index.js', NODE_FLAGS.web],
    ['npm run worker', scripts.worker!, 'build/server/worker.js', NODE_FLAGS.worker],
  ])('%s passes every one of them', (_, text, entry, wanted) => {
    expect(flagsBefore(text, entry)).toEqual(expect.arrayContaining([...wanted]));
  });

  it("the e2e server's copy is the web process's", () => {
    const copy = read('e2e/start-server.mjs').match(/const WEB_NODE_FLAGS = (\[.*\]);/)?.[1];
    expect(JSON.parse(copy!.replaceAll("'", '"'))).toEqual([...NODE_FLAGS.web]);
  });

  it('are accepted by this Node, and AsyncLocalStorage keeps its store across awaits with them', () => {
    const script = `const { AsyncLocalStorage } = require('node:async_hooks');
      const scope = new AsyncLocalStorage();
      scope.run('request 1', async () => { await new Promise((resolve) => setTimeout(resolve, 5)); await null; process.stdout.write(String(scope.getStore())); });`;
    const flags = [...new Set([...NODE_FLAGS.web, ...NODE_FLAGS.worker])];
    expect(execFileSync(process.execPath, [...flags, '-e', script], { encoding: 'utf8' })).toBe('request 1');
  });
});

/** `NAME=value` pairs on the command line that runs `entry`, before its `node`. */
function assignmentsBefore(text: string, entry: string): Record<string, string> {
  const line = commandLine(text, entry);
  const beforeNode = line.slice(0, line.lastIndexOf('node ', line.indexOf(entry)));
  return Object.fromEntries([...beforeNode.matchAll(/\b([A-Z][A-Z0-9_]*)=(\S+)/g)].map((match) => [match[1], match[2]]));
}

describe('the environment of the web process and the worker', () => {
  it("is set by the image's ENV, which Fly's process groups inherit", () => {
    const set = Object.fromEntries(
      read('Dockerfile')
        .split('\n')
        .filter((line) => line.startsWith('ENV '))
        .flatMap((line) => [...line.matchAll(/([A-Z][A-Z0-9_]*)=(\S+)/g)].map((match) => [match[1], match[2]])),
    );
    expect(set).toMatchObject(PROCESS_ENV);
  });

  it.each([
    ['npm start', scripts.start!, 'build/server/index.js'],
    ['npm run worker', scripts.worker!, 'build/server/worker.js'],
  ])('is set by %s', (_, text, entry) => {
    expect(assignmentsBefore(text, entry)).toMatchObject(PROCESS_ENV);
  });

  it("the e2e server's copy is the processes'", () => {
    const copy = read('e2e/start-server.mjs').match(/const PROCESS_ENV = (\{.*\});/)?.[1];
    expect(JSON.parse(copy!.replaceAll("'", '"').replace(/(\w+):/g, '"$1":'))).toEqual(PROCESS_ENV);
  });
});
