#!/usr/bin/env node
// The `rxvirt` executable (package.json `bin`). Everything testable is in ./cli.ts.
import module from 'node:module';

// Node >= 22.1 keeps the compiled code of the modules on disk: later starts skip most of the
// compiling. Enabled before anything else is imported, so that it covers the rest of the tool.
(module as { enableCompileCache?: () => unknown }).enableCompileCache?.();

const [{ main }, { nodeIo }] = await Promise.all([import('./cli.js'), import('./node-io.js')]);
main(process.argv.slice(2), nodeIo()).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    // main reports every failure itself: reaching this is a bug worth its stack.
    console.error(error);
    process.exitCode = 70;
  },
);
