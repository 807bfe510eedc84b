// Runs the tool in this process with its arguments and streams, and sets the exit code: what the
// executable (./main.ts) loads.
import { main } from './cli.js';
import { nodeIo } from './node-io.js';

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
