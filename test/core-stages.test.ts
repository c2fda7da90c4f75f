/**
 * core/ is grouped by stage, and its imports only go down: base ← read ← check ← report ← layout ←
 * edit ← write (core/node, the Node-only files, may use any stage). No circle, no import of a host.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

const CORE = join(__dirname, '..', 'core');
const STAGES = ['base', 'read', 'check', 'report', 'layout', 'edit', 'write', 'node'] as const;

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : name.endsWith('.ts') ? [path] : [];
  });
}

/** The files a module imports or re-exports from, resolved; type-only imports included. */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const specs = [...text.matchAll(/(?:^|\n)\s*(?:import|export)\b[^'";]*?from\s+'([^']+)'/g)].map((m) => m[1]);
  specs.push(...[...text.matchAll(/(?:^|\n)\s*import\s+'([^']+)'/g)].map((m) => m[1]));
  return specs.filter((s) => s.startsWith('.')).map((s) => resolve(dirname(file), s) + '.ts');
}

function stageOf(file: string): string {
  return relative(CORE, file).split('/')[0];
}

const files = filesUnder(CORE);
const graph = new Map(files.map((f) => [f, importsOf(f)]));

test('every module of core/ sits in a stage folder', () => {
  const loose = files.filter((f) => !(STAGES as readonly string[]).includes(stageOf(f)));
  expect(loose.map((f) => relative(CORE, f))).toEqual([]);
});

/** What is wrong with the imports of a graph of core files: outside core/, missing, or upward. */
function wrongImports(graph: ReadonlyMap<string, readonly string[]>): string[] {
  const wrong: string[] = [];
  for (const [file, targets] of graph) {
    for (const target of targets) {
      const from = relative(CORE, file);
      if (!target.startsWith(CORE + '/')) {
        wrong.push(`${from} imports ${relative(CORE, target)}, outside core/`);
        continue;
      }
      if (!graph.has(target)) wrong.push(`${from} imports ${relative(CORE, target)}, which is no file`);
      const own = STAGES.indexOf(stageOf(file) as (typeof STAGES)[number]);
      const other = STAGES.indexOf(stageOf(target) as (typeof STAGES)[number]);
      if (other > own) wrong.push(`${from} imports ${relative(CORE, target)}, a higher stage`);
    }
  }
  return wrong;
}

/** The import circles of a graph, each as « a → b → a ». */
function circlesOf(graph: ReadonlyMap<string, readonly string[]>): string[] {
  const state = new Map<string, 'open' | 'done'>();
  const circles: string[] = [];
  const visit = (file: string, path: string[]) => {
    if (state.get(file) === 'done') return;
    if (state.get(file) === 'open') {
      circles.push([...path.slice(path.indexOf(file)), file].map((f) => relative(CORE, f)).join(' → '));
      return;
    }
    state.set(file, 'open');
    for (const next of graph.get(file) ?? []) visit(next, [...path, file]);
    state.set(file, 'done');
  };
  for (const file of graph.keys()) visit(file, []);
  return circles;
}

test('imports resolve to files of core/ and go down the stages only', () => {
  expect(wrongImports(graph)).toEqual([]);
});

test('no import circle in core/', () => {
  expect(circlesOf(graph)).toEqual([]);
});

test('the checks catch an upward import, a host import and a circle', () => {
  const at = (p: string) => join(CORE, p);
  const made = new Map<string, string[]>([
    [at('read/a.ts'), [at('layout/b.ts'), at('base/x.ts')]],
    [at('layout/b.ts'), [at('read/a.ts'), join(CORE, '..', 'cli', 'main.ts')]],
    [at('base/x.ts'), []],
  ]);
  expect(wrongImports(made)).toEqual([
    'read/a.ts imports layout/b.ts, a higher stage',
    'layout/b.ts imports ../cli/main.ts, outside core/',
  ]);
  expect(circlesOf(made)).toEqual(['read/a.ts → layout/b.ts → read/a.ts']);
});
