import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import ts from 'typescript';

const ROOT = join(__dirname, '..', '..', '..');

/**
 * Transpiles `src/` to ESM JavaScript under `build/<name>/` (inside the package, so Node finds
 * rxjs and takes `.js` as ESM) and returns the path of the CLI's entry there. Type-checking is
 * `npm run lint`'s job: this only has to be quick (a second or two, where `tsc` takes several).
 */
export function compileCli(name: string): string {
  const out = join(ROOT, 'build', name);
  rmSync(out, { recursive: true, force: true });
  const compilerOptions = { module: ts.ModuleKind.ES2022, target: ts.ScriptTarget.ES2022 };
  for (const file of sourceFiles(join(ROOT, 'src'))) {
    const { outputText } = ts.transpileModule(readFileSync(file, 'utf8'), { compilerOptions, fileName: file });
    const target = join(out, relative(join(ROOT, 'src'), file)).replace(/\.ts$/, '.js');
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, outputText);
  }
  return join(out, 'cli', 'main.js');
}

/** Removes what {@link compileCli} wrote. */
export function removeCompiledCli(name: string): void {
  rmSync(join(ROOT, 'build', name), { recursive: true, force: true });
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') ? [path] : [];
  });
}
