// The layout docs/architecture.md promises: small folders, each depending only on the folders below it,
// and no import circle in the page's code. Read from the source tree, so a change that breaks the
// layout fails here with the file that broke it.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '..', '..');
const MAX_FILES_PER_FOLDER = 15;

/** Every folder under `top` (itself included), relative to the repository. */
function folders(top: string): string[] {
  const found = [top];
  for (const name of readdirSync(join(root, top))) {
    if (statSync(join(root, top, name)).isDirectory()) found.push(...folders(join(top, name)));
  }
  return found;
}

function sourceFiles(folder: string, extensions: RegExp): string[] {
  return readdirSync(join(root, folder))
    .filter((name) => extensions.test(name) && statSync(join(root, folder, name)).isFile())
    .map((name) => join(folder, name));
}

describe('folders', () => {
  it(`hold at most ${MAX_FILES_PER_FOLDER} source files each`, () => {
    const crowded = ['core', 'pipeline', 'web/src']
      .flatMap(folders)
      .map((folder) => ({ folder, files: sourceFiles(folder, /\.(cpp|hpp|ts)$/).length }))
      .filter(({ files }) => files > MAX_FILES_PER_FOLDER);
    expect(crowded).toEqual([]);
  });
});

// ---- web/src ----------------------------------------------------------------------------------

/** What each folder of web/src may import (type-only imports included). The entries main.ts and worker.ts may import anything. */
const WEB_LAYERS: Record<string, readonly string[]> = {
  artifacts: [],
  engine: ['artifacts'],
  ui: ['engine', 'artifacts'],
  taste: ['ui', 'engine'],
  offline: ['ui', 'artifacts'],
  panels: ['taste', 'offline', 'ui', 'engine', 'artifacts'],
  bench: ['engine', 'artifacts'],
};

function webImports(file: string): string[] {
  const text = readFileSync(join(root, file), 'utf8');
  const specifiers = [...text.matchAll(/(?:from|import)\s*\(?\s*'(\.{1,2}\/[^']+)'/g)].map((m) => m[1]!);
  return specifiers.map((specifier) => {
    const target = join(dirname(file), specifier);
    return target.endsWith('.css') || target.endsWith('.ts') ? target : `${target}.ts`;
  });
}

const webFiles = folders('web/src').flatMap((folder) => sourceFiles(folder, /\.ts$/));
const webGraph = new Map(webFiles.map((file) => [file, webImports(file)]));

describe('web/src', () => {
  it('imports only files that exist', () => {
    const missing = [...webGraph].flatMap(([file, targets]) =>
      targets.filter((target) => !target.endsWith('.css') && !webGraph.has(target)).map((target) => `${file} → ${target}`),
    );
    expect(missing).toEqual([]);
  });

  it('has no import circle', () => {
    const state = new Map<string, 'open' | 'done'>();
    const circles: string[] = [];
    const visit = (file: string, path: string[]): void => {
      if (state.get(file) === 'done') return;
      if (state.get(file) === 'open') {
        circles.push([...path.slice(path.indexOf(file)), file].join(' → '));
        return;
      }
      state.set(file, 'open');
      for (const target of webGraph.get(file) ?? []) visit(target, [...path, file]);
      state.set(file, 'done');
    };
    for (const file of webGraph.keys()) visit(file, []);
    expect(circles).toEqual([]);
  });

  it('keeps every folder to the layers below it', () => {
    const folderOf = (file: string): string => relative('web/src', dirname(file)).split('/')[0] ?? '';
    const reachingUp = [...webGraph].flatMap(([file, targets]) => {
      const from = folderOf(file);
      if (from === '') return []; // main.ts, worker.ts
      const allowed = WEB_LAYERS[from];
      if (allowed === undefined) return [`${file}: web/src/${from}/ is not a known folder (add it to docs/architecture.md and here)`];
      return targets
        .map((target) => ({ target, to: folderOf(target) }))
        .filter(({ target, to }) => !target.endsWith('.css') && to !== from && !allowed.includes(to))
        .map(({ target }) => `${file} → ${target}`);
    });
    expect(reachingUp).toEqual([]);
  });
});

// ---- pipeline/ --------------------------------------------------------------------------------

/** What each pipeline stage may include besides the engine (core/include/movierec); pipeline/CMakeLists.txt links the same. */
const PIPELINE_STAGES: Record<string, readonly string[]> = {
  ingest: [],
  model: [],
  collaborative: ['ingest'],
  artifacts: ['ingest'],
  evaluation: ['ingest', 'collaborative', 'artifacts'],
  relevance: ['ingest', 'model', 'artifacts'],
  synthetic: [],
  cli: ['ingest', 'model', 'collaborative', 'artifacts', 'evaluation', 'relevance', 'synthetic'],
};

describe('pipeline/', () => {
  it('keeps every stage to the stages before it', () => {
    const stages = readdirSync(join(root, 'pipeline')).filter((name) => statSync(join(root, 'pipeline', name)).isDirectory());
    expect(stages.sort()).toEqual(Object.keys(PIPELINE_STAGES).sort());
    const reachingUp = stages.flatMap((stage) =>
      sourceFiles(join('pipeline', stage), /\.(cpp|hpp)$/).flatMap((file) =>
        [...readFileSync(join(root, file), 'utf8').matchAll(/#include "([a-z_]+)\//g)]
          .map((m) => m[1]!)
          .filter((to) => to !== stage && to !== 'movierec' && !PIPELINE_STAGES[stage]!.includes(to))
          .map((to) => `${file} includes ${to}/`),
      ),
    );
    expect(reachingUp).toEqual([]);
  });
});
