import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findDifferences, listGeneratedFiles, writeGeneratedFiles } from '../../tools/codegen/generated-files.js';

const GENERATED = join(__dirname, '../../src/generated');

/** The committed generated files, as the generator would hand them to the check. */
function committedFiles(): Map<string, string> {
  return new Map(listGeneratedFiles(GENERATED).map((path) => [path, readFileSync(join(GENERATED, path), 'utf8')]));
}

describe('generated file check', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'rxvirt-gen-'));
    cpSync(GENERATED, dir, { recursive: true });
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('finds nothing on an identical copy', () => {
    expect(findDifferences(committedFiles(), dir)).toEqual([]);
  });

  it('reports changed, missing and extra files', () => {
    const files = committedFiles();
    writeFileSync(join(dir, 'remote/types.ts'), `${files.get('remote/types.ts') ?? ''}// edited\n`);
    rmSync(join(dir, 'qemu/api.ts'));
    writeFileSync(join(dir, 'lxc/stale.ts'), 'export {};\n');
    expect(findDifferences(files, dir)).toEqual(['extra: lxc/stale.ts', 'missing: qemu/api.ts', 'changed: remote/types.ts']);
  });

  it('reports every file as missing when the folder does not exist', () => {
    expect(findDifferences(new Map([['a/b.ts', '']]), join(dir, 'nowhere'))).toEqual(['missing: a/b.ts']);
  });

  it('writes files and removes stale ones', () => {
    writeFileSync(join(dir, 'lxc/stale.ts'), 'export {};\n');
    const files = new Map([['virnet/index.ts', 'changed\n'], ['new/module.ts', 'new\n']]);
    writeGeneratedFiles(files, dir);
    expect(listGeneratedFiles(dir)).toEqual(['new/module.ts', 'virnet/index.ts']);
    expect(readFileSync(join(dir, 'new/module.ts'), 'utf8')).toBe('new\n');
    expect(existsSync(join(dir, 'lxc/stale.ts'))).toBe(false);
  });
});
