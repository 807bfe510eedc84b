// The API reference as a user browses it (`npm run docs`): the object classes are classes with
// their methods, each method links to the libvirt function it implements, every entry point is
// documented, and TypeDoc reports no warning (it is run with --treatWarningsAsErrors).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

interface Reflection {
  readonly name: string;
  readonly kind: number;
  readonly flags: { readonly isStatic?: boolean };
  readonly children?: readonly Reflection[];
  readonly signatures?: readonly { readonly comment?: { readonly summary: readonly { readonly kind: string; readonly target?: unknown }[] } }[];
}

const KIND = { module: 2, class: 128, method: 2048 } as const;

describe('the TypeDoc reference', () => {
  let dir: string;
  let project: Reflection;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'rxvirt-docs-'));
    // A warning (a broken link, an unknown tag) fails the build, and with it this spec.
    execFileSync('npx', ['typedoc', '--treatWarningsAsErrors', '--json', join(dir, 'api.json'), '--out', join(dir, 'html')], { encoding: 'utf8', timeout: 120_000 });
    project = JSON.parse(readFileSync(join(dir, 'api.json'), 'utf8')) as Reflection;
  }, 150_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const modules = (): Reflection[] => (project.children ?? []).filter((child) => child.kind === KIND.module);
  const mainModule = (): Reflection => modules().find((child) => child.name === 'index')!;

  it('documents every entry point, rxvirt/testing/node included', () => {
    expect(modules().map((module) => module.name).sort()).toEqual(['browser', 'gateway', 'index', 'node-streams', 'testing', 'testing/node']);
  });

  it.each(['Domain', 'StoragePool', 'StorageVol', 'Secret', 'DomainSnapshot', 'NodeDevice'])('shows %s as a class whose methods link to libvirt', (name) => {
    const found = (mainModule().children ?? []).filter((child) => child.name === name);
    expect(found.map((child) => child.kind)).toEqual([KIND.class]);
    const methods = (found[0].children ?? []).filter((child) => child.kind === KIND.method && child.flags.isStatic !== true);
    expect(methods.length).toBeGreaterThanOrEqual(4);
    const linked = methods.filter((method) =>
      method.signatures?.[0].comment?.summary.some((part) => part.kind === 'inline-tag' && String(part.target).startsWith('https://libvirt.org/html/')),
    );
    // Every method but those of procedures without a public C function in libvirt 9.0's API XML
    // (the migration protocol's internal steps, procedures newer than the XML).
    expect(linked.length / methods.length).toBeGreaterThanOrEqual(0.9);
  });
});
