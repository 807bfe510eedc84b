// The browser entry (src/browser.ts) must bundle without Node: no module it reaches, directly or
// through other files, imports a Node built-in. Only rxjs is allowed from outside the package.
import { readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, resolve } from 'node:path';

const SRC = resolve(__dirname, '../../src');
const IMPORT = /(?:^|\n)\s*(?:import|export)\s[^;]*?from\s+'([^']+)'|(?:^|\n)\s*import\s+'([^']+)'/g;

/** Every file reachable from `entry` by value or type imports, with what each imports from outside. */
function importGraph(entry: string): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  const pending = [entry];
  while (pending.length > 0) {
    const file = pending.pop() as string;
    if (graph.has(file)) continue;
    const outside: string[] = [];
    graph.set(file, outside);
    for (const match of readFileSync(file, 'utf8').matchAll(IMPORT)) {
      const specifier = match[1] ?? match[2];
      if (specifier.startsWith('.')) pending.push(join(dirname(file), specifier.replace(/\.js$/, '.ts')));
      else outside.push(specifier);
    }
  }
  return graph;
}

describe('browser entry', () => {
  const graph = importGraph(join(SRC, 'browser.ts'));

  it('reaches the protocol, connection, auth and WebSocket layers', () => {
    const files = [...graph.keys()].map((file) => file.slice(SRC.length + 1));
    expect(files).toEqual(expect.arrayContaining(['connection/connect.ts', 'auth/scram-client.ts', 'transport/websocket-transport.ts', 'protocol/index.ts']));
  });

  it('imports nothing but rxjs from outside the package: no node: module, no Node built-in', () => {
    const builtins = new Set(builtinModules);
    const offenders = [...graph].flatMap(([file, outside]) =>
      outside.filter((name) => name !== 'rxjs' || builtins.has(name)).map((name) => `${file.slice(SRC.length + 1)} imports ${name}`),
    );
    expect(offenders).toEqual([]);
  });
});
