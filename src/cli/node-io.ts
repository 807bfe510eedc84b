import { setFlagsFromString } from 'node:v8';
import { Observable } from 'rxjs';
import type { CliIo } from './io.js';

/**
 * The real process's streams, environment and SIGINT. The streams are Node's lazy getters, read
 * when a command first writes or reads: creating `process.stdin` costs 1 to 3 ms of start-up,
 * and only `console` reads it.
 */
export function nodeIo(): CliIo {
  return {
    get stdout() {
      return process.stdout;
    },
    get stderr() {
      return process.stderr;
    },
    get stdin() {
      return process.stdin;
    },
    env: process.env,
    interrupts: new Observable<void>((subscriber) => {
      const onSigint = (): void => subscriber.next();
      process.on('SIGINT', onSigint);
      return () => process.off('SIGINT', onSigint);
    }),
    beforeTransfer() {
      // Before the transfer's functions are hot: what is optimized already stays so, nothing more is.
      setFlagsFromString('--no-opt');
    },
  };
}
