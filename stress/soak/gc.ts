import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/**
 * The V8 garbage collector as a function: `global.gc` under `node --expose-gc` (the soak script),
 * else turned on at run time (Jest's workers are started without the flag).
 */
export function garbageCollector(): () => void {
  if (typeof global.gc === 'function') return global.gc;
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}
