// The package as published: `npm pack` of this repository installed in a scratch project, then
// every entry required and imported on each Node line of the CI matrix (scripts/ci/node-lines.sh),
// and a consumer type-checked with TypeScript 6 (the repository's) and 7 (from the registry),
// without @types/node.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { freePort, PKI } from '../support/remote-env.js';
import { SCRIPTS, typeScriptSources } from './consumer-sources.js';
import { ENTRIES, nodeLines, npmPack, type PackResult, REPO_ROOT, repoVersionOf, scratchProject, writeFiles } from './support/packed-package.js';

/**
 * Budgets for the tarball: today about 0.84 MB packed, 4.8 MB unpacked, 273 files (the library is
 * one bundle per entry plus shared chunks, scripts/library/bundle.mjs, beside tsc's declarations), of
 * which the CLI's own bundle (dist/bin: the library and rxjs in one CommonJS file, and its loader)
 * is about 130 kB packed.
 */
const MAX_PACKED_BYTES = 950_000;
const MAX_UNPACKED_BYTES = 5_500_000;
const MAX_FILES = 340;

const LINES = nodeLines();

/** Runs a program to its end: its exit status and both outputs. */
function execute(file: string, args: readonly string[], cwd: string): { status: number | null; stdout: string; stderr: string } {
  const { status, stdout, stderr } = spawnSync(file, args, { cwd, encoding: 'utf8', timeout: 60_000 });
  return { status, stdout, stderr };
}

describe('the packed tarball', () => {
  let listed: PackResult;
  let packed: PackResult;
  let packDir: string;
  let project: string;

  beforeAll(() => {
    listed = npmPack(['--dry-run']); // runs `prepack`: a fresh dist/
    packDir = mkdtempSync(join(tmpdir(), 'rxvirt-pack-'));
    packed = npmPack(['--ignore-scripts', '--pack-destination', packDir]);
    project = scratchProject('consumer', [join(packDir, packed.filename), `rxjs@${repoVersionOf('rxjs')}`, 'typescript@7']);
    writeFiles(project, { ...SCRIPTS, ...typeScriptSources(join(REPO_ROOT, 'node_modules/@types')) });
  }, 300_000);

  afterAll(() => {
    for (const dir of [packDir, project]) if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('holds dist/, README.md, LICENSE and package.json, within its size budget', () => {
    const paths = listed.files.map((file) => file.path);
    expect(packed.files.map((file) => file.path).sort()).toEqual([...paths].sort());
    expect(paths.filter((path) => !path.startsWith('dist/')).sort()).toEqual(['LICENSE', 'README.md', 'package.json']);
    expect(paths.filter((path) => path.endsWith('.d.ts.map'))).toEqual([]); // they would point at src/, which is not shipped
    const pkg = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { exports: ExportTarget };
    for (const target of exportTargets(pkg.exports)) expect(paths).toContain(target.replace(/^\.\//, ''));
    expect(listed.size).toBeLessThanOrEqual(MAX_PACKED_BYTES);
    expect(listed.unpackedSize).toBeLessThanOrEqual(MAX_UNPACKED_BYTES);
    expect(listed.entryCount).toBeLessThanOrEqual(MAX_FILES);
  });

  it("has a source map beside each of the library's files, carrying its sources", () => {
    const paths = packed.files.map((file) => file.path);
    const library = paths.filter((path) => path.endsWith('.js') && !path.startsWith('dist/bin/'));
    expect(library.length).toBeGreaterThanOrEqual(6); // one per entry, and the chunks they share
    expect(library.filter((path) => !paths.includes(`${path}.map`))).toEqual([]);
    const maps = paths.filter((path) => path.endsWith('.js.map'));
    const withoutSources = maps.filter((path) => {
      const map = JSON.parse(readFileSync(join(project, 'node_modules/rxvirt', path), 'utf8')) as { sources: string[]; sourcesContent?: (string | null)[] };
      return map.sourcesContent?.length !== map.sources.length || map.sourcesContent.some((content) => !content);
    });
    expect(withoutSources).toEqual([]);
  });

  it('has portable entries, rxvirt/browser and rxvirt/testing, whose files import rxjs and nothing of Node', () => {
    const dist = join(project, 'node_modules/rxvirt/dist');
    expect(importsOf(join(dist, 'browser.js'))).toEqual(['rxjs']);
    expect(importsOf(join(dist, 'testing/index.js'))).toEqual(['rxjs']);
    expect(importsOf(join(dist, 'index.js'))).toContain('node:net'); // the walk does see Node's modules
  });

  it("has a README whose relative links name files in the package (the others are absolute)", () => {
    const readme = readFileSync(join(project, 'node_modules/rxvirt/README.md'), 'utf8');
    const targets = [...readme.matchAll(/\]\(([^)\s]+)\)/g)].map((match) => match[1]);
    const relative = targets.filter((target) => !/^(https?:|mailto:|#)/.test(target));
    expect(relative.filter((target) => !existsSync(join(project, 'node_modules/rxvirt', target.split('#')[0])))).toEqual([]);
  });

  it('covers Node 20, 22 and 24', () => {
    expect(LINES.map((line) => line.major)).toEqual([20, 22, 24]);
  });

  describe.each(LINES)('on Node $major', ({ binDir }) => {
    const node = join(binDir, 'node');

    it('imports and requires every entry: the same module, without warnings', () => {
      const { status, stdout, stderr } = execute(node, ['entries.mjs'], project);
      expect({ status, stderr }).toEqual({ status: 0, stderr: '' });
      const report = JSON.parse(stdout) as Record<string, { names: number; same: boolean }>;
      expect(Object.keys(report)).toEqual([...ENTRIES]);
      for (const entry of ENTRIES) expect([entry, report[entry].names > 0, report[entry].same]).toEqual([entry, true, true]);
    });

    it("shares one class between entries: rxvirt/testing's errors and connections are rxvirt's", () => {
      const { status, stdout, stderr } = execute(node, ['shared-classes.mjs'], project);
      expect({ status, stderr }).toEqual({ status: 0, stderr: '' });
      expect(JSON.parse(stdout)).toEqual({ error: true, connection: true, gateway: true });
    });

    it('loads ws, node:tls, node:http and node:child_process when a transport first uses them, not at import', () => {
      const { status, stdout, stderr } = execute(node, ['deferred-modules.mjs', PKI], project);
      expect({ status, stderr }).toEqual({ status: 0, stderr: '' });
      expect(JSON.parse(stdout)).toEqual({
        before: { ws: false, tls: false, http: false, child_process: false },
        errors: { tls: 'TransportError ECONNREFUSED', ext: 'TransportError EXIT_1', webSocket: 'HTTP_403: WebSocket upgrade refused: 403 Forbidden' },
        after: { ws: true, tls: true, http: true, child_process: true },
      });
    });

    it("runs the README's quick start through require against the daemon, and exits by itself", () => {
      const { status, stdout, stderr } = execute(node, ['quick-start.cjs'], project);
      expect({ status, stderr }).toEqual({ status: 0, stderr: '' });
      expect(JSON.parse(stdout)).toEqual({ version: 'bigint', error: 'VIR_ERR_NO_DOMAIN' });
    });

    it('runs the rxvirt command installed in node_modules/.bin', () => {
      const { status, stdout, stderr } = execute(node, [join(project, 'node_modules/.bin/rxvirt'), '-c', 'test+unix:///default', 'list', '--all'], project);
      expect({ status, stderr }).toEqual({ status: 0, stderr: '' });
      expect(stdout).toMatch(/^\s*\d+\s+test\s+\w+/m); // running, or paused by another test
    });

    it('runs the rxvirt command over tls and ext, whose Node modules it loads on first use', async () => {
      const rxvirt = (uri: string) => execute(node, [join(project, 'node_modules/.bin/rxvirt'), '-c', uri, 'list'], project);
      const tls = rxvirt(`test+tls://127.0.0.1:${await freePort()}/default?pkipath=${PKI}`);
      expect({ status: tls.status, stdout: tls.stdout }).toEqual({ status: 1, stdout: '' });
      expect(tls.stderr).toMatch(/^rxvirt: error: cannot connect to .*connect ECONNREFUSED/);
      const ext = rxvirt('test+ext:///default?command=/bin/false');
      expect({ status: ext.status, stdout: ext.stdout }).toEqual({ status: 1, stdout: '' });
      expect(ext.stderr).toMatch(/^rxvirt: error: .*the command exited with status 1 \(EXIT_1/);
    });

    it('runs the fake daemon of rxvirt/testing through import', () => {
      const { status, stdout, stderr } = execute(node, ['fake-daemon.mjs'], project);
      expect({ status, stderr }).toEqual({ status: 0, stderr: '' });
      expect(JSON.parse(stdout)).toEqual({ domains: ['test'] });
    });
  });

  describe.each([
    { version: 6, tsc: () => join(REPO_ROOT, 'node_modules/typescript/bin/tsc') },
    { version: 7, tsc: () => join(project, 'node_modules/typescript/bin/tsc') },
  ])('type-checked by TypeScript $version (strict)', ({ version, tsc }) => {
    const check = (tsconfig: string) => execute(process.execPath, [tsc(), '-p', tsconfig], project);

    it('is the version asked for', () => {
      expect(execute(process.execPath, [tsc(), '--version'], project).stdout).toMatch(new RegExp(`^Version ${version}\\.`));
    });

    it('accepts every entry under module nodenext (import and require) without @types/node', () => {
      expect(existsSync(join(project, 'node_modules/@types/node'))).toBe(false);
      expect(check('tsconfig.nodenext.json')).toEqual({ status: 0, stdout: '', stderr: '' });
    });

    it('accepts every entry under moduleResolution bundler without @types/node', () => {
      expect(check('tsconfig.bundler.json')).toEqual({ status: 0, stdout: '', stderr: '' });
    });

    it('accepts rxvirt/node-streams with @types/node', () => {
      expect(check('tsconfig.node-streams.json')).toEqual({ status: 0, stdout: '', stderr: '' });
    });
  });
});

/** The bare specifiers (packages, `node:` modules) a bundle file and the files it imports import, sorted. */
function importsOf(file: string, seen = new Set<string>(), bare = new Set<string>()): string[] {
  seen.add(file);
  // esbuild's output: `import{a}from"./chunks/x.js"`, `export*from"..."`, `import"..."`.
  for (const [, specifier] of readFileSync(file, 'utf8').matchAll(/\b(?:import|export)\s*(?:[\w*${}\s,]*?from\s*)?["']([^"']+)["']/g)) {
    if (!specifier.startsWith('.')) bare.add(specifier);
    else if (!seen.has(resolve(dirname(file), specifier))) importsOf(resolve(dirname(file), specifier), seen, bare);
  }
  return [...bare].sort();
}

/** An `exports` map: a path, or conditions (`browser`, `types`, `default`) that may nest. */
type ExportTarget = string | { readonly [condition: string]: ExportTarget };

/** Every file path an `exports` map names, however deep its conditions nest. */
function exportTargets(target: ExportTarget): string[] {
  return typeof target === 'string' ? [target] : Object.values(target).flatMap(exportTargets);
}
