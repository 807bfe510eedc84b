import { Observable } from 'rxjs';
import type { CliIo } from './io.js';

/** The real process's streams, environment and SIGINT. */
export function nodeIo(): CliIo {
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    stdin: process.stdin,
    env: process.env,
    interrupts: new Observable<void>((subscriber) => {
      const onSigint = (): void => subscriber.next();
      process.on('SIGINT', onSigint);
      return () => process.off('SIGINT', onSigint);
    }),
  };
}
