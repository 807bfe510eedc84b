// Error names survive minification: a page bundled and minified still sees `err.name ===
// 'TransportError'`, because each class sets its name as a string literal (minifiers rename the
// classes themselves). Checked on real minified esbuild bundles of both entries, and on the source
// for classes the entries do not export.
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { runInNewContext } from 'node:vm';
import { buildSync } from 'esbuild';

const SRC = resolve(__dirname, '../../src');

type ErrorClass = new (...args: unknown[]) => Error;

/** The entry bundled, minified, as a script that leaves its exports on `globalThis.entry`. */
function minifiedExports(entry: string, platform: 'browser' | 'node'): Record<string, unknown> {
  const result = buildSync({ entryPoints: [join(SRC, entry)], bundle: true, minify: true, format: 'iife', globalName: 'entry', platform, write: false, logLevel: 'silent' });
  const sandbox: { entry?: Record<string, unknown>; require?: NodeJS.Require } = platform === 'node' ? { require } : {};
  runInNewContext(result.outputFiles[0].text, Object.assign(sandbox, { TextDecoder, TextEncoder, setTimeout, clearTimeout, queueMicrotask, console, URL, ...(platform === 'node' ? { Buffer, process } : {}) }));
  return sandbox.entry as Record<string, unknown>;
}

/** Arguments that construct each class (the default suits those taking strings and options). */
const ARGS: Record<string, unknown[]> = {
  LibvirtError: [{ code: 1, domain: 0, message: 'm', level: 2, str1: null, str2: null, str3: null, int1: 0, int2: 0 }],
};

function errorClasses(exports: Record<string, unknown>): Array<[string, ErrorClass]> {
  const base = exports.RxvirtError as ErrorClass;
  return Object.entries(exports).filter((entry): entry is [string, ErrorClass] => typeof entry[1] === 'function' && (entry[1] === base || entry[1].prototype instanceof base));
}

describe.each([
  ['browser.ts', 'browser'],
  ['index.ts', 'node'],
] as const)('error names in a minified bundle of src/%s', (entry, platform) => {
  const classes = errorClasses(minifiedExports(entry, platform));

  it('has the error classes, renamed by the minifier', () => {
    expect(classes.map(([name]) => name)).toEqual(expect.arrayContaining(['RxvirtError', 'TransportError', 'ConnectionClosedError', 'LibvirtError', 'XdrError']));
    // The check below would pass trivially if the minifier kept class names.
    expect(classes.filter(([name, cls]) => cls.name === name).map(([name]) => name)).toEqual([]);
  });

  it.each(classes.map(([name]) => name))('%s keeps its name', (name) => {
    const cls = classes.find(([candidate]) => candidate === name)?.[1] as ErrorClass;
    const error = Reflect.construct(cls, ARGS[name] ?? ['a', 'b', {}]) as Error;
    expect(error.name).toBe(name);
    expect(String(error)).toMatch(new RegExp(`^${name}: `));
  });
});

describe('error classes in the source', () => {
  it('each subclass of RxvirtError sets its name as the literal of its class name', () => {
    const files = readdirRecursive(SRC);
    const declared = files.flatMap((file) => [...readFileSync(file, 'utf8').matchAll(/export class (\w+) extends (\w+) \{\n(?: {2}override name: string = '(\w+)';)?/g)]);
    const rxvirt = new Set(['RxvirtError']);
    // Subclasses of subclasses: repeat until no new class joins.
    for (let size = 0; size !== rxvirt.size; ) {
      size = rxvirt.size;
      for (const [, name, base] of declared) if (rxvirt.has(base)) rxvirt.add(name);
    }
    const wrong = declared.filter(([, name]) => rxvirt.has(name)).filter(([, name, , literal]) => literal !== name).map(([, name]) => name);
    expect(rxvirt.size).toBeGreaterThan(10);
    expect(wrong).toEqual([]);
  });
});

function readdirRecursive(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts'))
    .map((entry) => join(entry.parentPath, entry.name));
}
