#!/usr/bin/env node
// The `rxvirt` executable (package.json `bin`): a loader. The tool itself (./run.ts, and through
// it ./cli.ts, where everything testable is) is one CommonJS bundle beside this file
// (scripts/cli/bundle.mjs), required once Node's compile cache is on, so that the cache covers it.
import module from 'node:module';

// Node >= 22.1 keeps the compiled code of the modules on disk: later starts skip most of the
// compiling. Enabled before the tool is loaded: a file compiles as a whole when it is loaded.
(module as { enableCompileCache?: () => unknown }).enableCompileCache?.();

// eslint-disable-next-line @typescript-eslint/no-require-imports -- the bundle, not a module of src: see above
require('./rxvirt-cli.cjs');
