// Injected into the CLI's CommonJS bundle (scripts/cli/bundle.mjs) for the sources' and shims'
// `import.meta.url`, which CommonJS has not: the bundle's own URL, as the import was made from there.
/* global __filename */
import { pathToFileURL } from 'node:url';

export const importMetaUrl = pathToFileURL(__filename).href;
