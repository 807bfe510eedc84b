import { sourceFile } from './source-text.js';

/** `index.ts` of a folder: re-exports its modules. */
export function emitIndex(modules: readonly string[], inputs: readonly string[]): string {
  return sourceFile(inputs, [modules.map((module) => `export * from './${module}.js';`).join('\n')]);
}
