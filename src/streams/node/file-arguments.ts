import { ArgumentError } from '../../rpc/argument-error.js';
import { describeArgument } from '../../rpc/locate-argument-error.js';

/**
 * What a JavaScript caller got wrong in the arguments of {@link writeToFile} or
 * {@link readFileChunks} (`method`), as an {@link ArgumentError}, or `undefined`: a path that is
 * not a string, options that are not an object, or one of `positiveIntegers` that is not a
 * positive integer. Reported before any file is opened.
 */
export function fileArgumentError(method: string, path: unknown, options: unknown, positiveIntegers: readonly string[]): ArgumentError | undefined {
  if (typeof path !== 'string') return new ArgumentError(method, 'path', `expected a string, got ${describeArgument(path)}`);
  if (options === undefined) return undefined;
  if (options === null || typeof options !== 'object') return new ArgumentError(method, 'options', `expected an object, got ${describeArgument(options)}`);
  for (const name of positiveIntegers) {
    const value = (options as Readonly<Record<string, unknown>>)[name];
    if (value !== undefined && !(Number.isSafeInteger(value) && (value as number) > 0)) {
      return new ArgumentError(method, `options.${name}`, `expected a positive integer, got ${describeArgument(value)}`);
    }
  }
  return undefined;
}
