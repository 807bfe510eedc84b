// `import … from 'rxvirt'` in a bundler targeting the browser gets the portable entry (the
// package's `browser` export condition), and Node still gets the Node entry. Resolved by esbuild
// against the real package.json, with stand-in entry files.
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { buildSync } from 'esbuild';

describe("the package's export conditions", () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'rxvirt-conditions-'));
    const pkg = join(dir, 'node_modules/rxvirt');
    mkdirSync(join(pkg, 'dist'), { recursive: true });
    cpSync(resolve(__dirname, '../../package.json'), join(pkg, 'package.json'));
    writeFileSync(join(pkg, 'dist/browser.js'), "export const entry = 'portable entry';\n");
    // The Node entry reaches Node built-ins, which a browser bundle cannot resolve.
    writeFileSync(join(pkg, 'dist/index.js'), "import 'node:net';\nexport const entry = 'node entry';\n");
    writeFileSync(join(dir, 'page.js'), "import { entry } from 'rxvirt';\nconsole.log(entry);\n");
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const bundle = (platform: 'browser' | 'node'): string =>
    buildSync({ entryPoints: [join(dir, 'page.js')], absWorkingDir: dir, bundle: true, platform, format: 'esm', write: false, logLevel: 'silent' }).outputFiles[0].text;

  it('a browser bundle of `rxvirt` gets the portable entry', () => {
    const text = bundle('browser');
    expect(text).toContain('portable entry');
    expect(text).not.toContain('node entry');
  });

  it('Node gets the Node entry', () => {
    expect(bundle('node')).toContain('node entry');
  });
});
