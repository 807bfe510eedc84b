// README.md's TypeScript samples are the files of examples/readme/ (scripts/readme-samples.mjs
// keeps them equal): each is bundled as a user's program would be (imports from 'rxvirt' resolved
// to the sources by tsconfig.json's paths) and run in its own Node process, against libvirtd's
// test driver, the fake daemon or a gateway, as the sample itself says. Samples that change
// state take the URI from $LIBVIRT_DEFAULT_URI, which here is a private test-driver instance of
// the same shape (a running `test`, a `default-pool`), so test+unix:///default is left alone.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseConfigFileTextToJson } from 'typescript';

const ROOT = join(__dirname, '..', '..');
const SAMPLES = join(ROOT, 'examples', 'readme');
const BUNDLES = join(ROOT, 'build', 'readme-samples');
const SYNC = join(ROOT, 'scripts', 'readme-samples.mjs');
const RUN_TIMEOUT_MS = 30_000;

/** What each sample must print (its own lines, in order), so a sample that does nothing fails. */
const EXPECTED_OUTPUT: Record<string, readonly RegExp[]> = {
  'quick-start': [/^\d+n (\S+ )*test( \S+)* \d+$/, /^Domain not found$/],
  'connection-state': [/^open$/, /^closing$/, /^closed$/],
  objects: [/^\d+ 1 9007199254740991n VIR_DOMAIN_RUNNING \[ 'scratch\.img' \] \/default-pool\/scratch\.img$/, /^true VIR_DOMAIN_EVENT_SUSPENDED$/],
  events: [/^VIR_DOMAIN_EVENT_SUSPENDED VIR_DOMAIN_EVENT_SUSPENDED_PAUSED$/],
  reconnecting: [/^live \(again\)$/],
  'data-streams': [/^image\/png \d+$/],
  'fake-daemon': [/^fake-libvirt-host 9000000n test:\/\/\/default$/],
  'marble-testing': [/^marble tests passed$/],
  browser: [/relaying to \/run\/libvirt\/libvirt-sock-ro$/, /^vm$/, /: ended by .* after [\d.]+ s, \d+ bytes in/],
};

const PRIVATE_NODE = `<node>
  <domain type='test'><name>test</name><memory>65536</memory><vcpu>1</vcpu><os><type>hvm</type></os></domain>
  <pool type='dir'><name>default-pool</name><capacity>107374182400</capacity><target><path>/default-pool</path></target></pool>
</node>
`;

const samples = readdirSync(SAMPLES)
  .filter((file) => file.endsWith('.ts'))
  .map((file) => file.slice(0, -'.ts'.length))
  .sort();

function sync(...args: string[]): { status: number | null; stderr: string } {
  const run = spawnSync(process.execPath, [SYNC, ...args], { encoding: 'utf8', timeout: RUN_TIMEOUT_MS });
  return { status: run.status, stderr: run.stderr };
}

describe('README samples', () => {
  it('are in README.md exactly as in examples/readme/, and every ```ts block is one', () => {
    expect(sync('--check')).toEqual({ status: 0, stderr: '' });
  });

  it('each appear in README.md and have an expected output', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    for (const name of samples) expect(readme).toContain(`<!-- sample: examples/readme/${name}.ts -->`);
    expect(Object.keys(EXPECTED_OUTPUT).sort()).toEqual(samples);
  });

  it("resolve every entry of the package (tsconfig.json's paths) to its source", () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { exports: Record<string, unknown> };
    const entries = Object.keys(pkg.exports)
      .filter((entry) => entry !== './package.json')
      .map((entry) => entry.replace(/^\./, 'rxvirt'));
    const { config } = parseConfigFileTextToJson('tsconfig.json', readFileSync(join(ROOT, 'tsconfig.json'), 'utf8')) as {
      config: { compilerOptions: { paths: Record<string, string[]> } };
    };
    expect(Object.keys(config.compilerOptions.paths).sort()).toEqual(entries.sort());
    for (const [target] of Object.values(config.compilerOptions.paths)) expect(existsSync(join(ROOT, target))).toBe(true);
  });

  describe('the check', () => {
    let dir: string;
    beforeEach(() => {
      dir = mkdtempSync(join(tmpdir(), 'rxvirt-readme-'));
      copyFileSync(join(ROOT, 'README.md'), join(dir, 'README.md'));
    });
    afterEach(() => rmSync(dir, { recursive: true, force: true }));

    it('fails when a block differs from its file, and the update puts the file back', () => {
      const path = join(dir, 'README.md');
      const original = readFileSync(path, 'utf8');
      writeFileSync(path, original.replace("connect('test+unix:///default')", "connect('test:///default')"));
      const check = sync('--check', '--readme', path);
      expect(check.status).toBe(1);
      expect(check.stderr).toMatch(/examples\/readme\/quick-start\.ts differs from its README block/);
      expect(sync('--readme', path).status).toBe(0);
      expect(readFileSync(path, 'utf8')).toBe(original);
    });

    it('fails on a sample line naming no file', () => {
      const path = join(dir, 'README.md');
      writeFileSync(path, `${readFileSync(path, 'utf8')}\n<!-- sample: examples/readme/nowhere.ts -->\n\`\`\`ts\n\`\`\`\n`);
      const check = sync('--check', '--readme', path);
      expect(check.status).toBe(1);
      expect(check.stderr).toMatch(/examples\/readme\/nowhere\.ts does not exist/);
    });

    it('fails on a ```ts block without a sample line', () => {
      const path = join(dir, 'README.md');
      writeFileSync(path, `${readFileSync(path, 'utf8')}\n\`\`\`ts\nconst untested = 1;\n\`\`\`\n`);
      const check = sync('--check', '--readme', path);
      expect(check.status).toBe(1);
      expect(check.stderr).toMatch(/a ```ts block without a "<!-- sample: examples\/readme\/NAME\.ts -->" line/);
    });
  });

  describe.each(samples)('%s', (name) => {
    let nodeDir: string;
    beforeAll(() => {
      mkdirSync(BUNDLES, { recursive: true });
      nodeDir = mkdtempSync(join(tmpdir(), 'rxvirt-readme-node-'));
      writeFileSync(join(nodeDir, 'node.xml'), PRIVATE_NODE);
    });
    afterAll(() => rmSync(nodeDir, { recursive: true, force: true }));

    it('runs to its end and prints what it says', () => {
      const bundle = join(BUNDLES, `${name}.mjs`);
      const esbuild = spawnSync(
        join(ROOT, 'node_modules', '.bin', 'esbuild'),
        [join(SAMPLES, `${name}.ts`), '--bundle', '--platform=node', '--format=esm', '--packages=external', `--outfile=${bundle}`, '--log-level=warning'],
        { cwd: ROOT, encoding: 'utf8', timeout: RUN_TIMEOUT_MS },
      );
      expect(esbuild.stderr).toBe('');
      expect(esbuild.status).toBe(0);

      const env = { ...process.env, LIBVIRT_DEFAULT_URI: `test+unix://${join(nodeDir, 'node.xml')}` };
      const run = spawnSync(process.execPath, [bundle], { cwd: ROOT, env, encoding: 'utf8', timeout: RUN_TIMEOUT_MS });
      expect({ status: run.status, signal: run.signal, stderr: run.stderr }).toEqual({ status: 0, signal: null, stderr: '' });
      const lines = run.stdout.split('\n').filter((line) => line !== '');
      let at = 0;
      for (const pattern of EXPECTED_OUTPUT[name] ?? []) {
        const found = lines.findIndex((line, index) => index >= at && pattern.test(line));
        expect({ pattern: String(pattern), found: found >= 0, lines }).toEqual({ pattern: String(pattern), found: true, lines });
        at = found + 1;
      }
    });
  });
});
