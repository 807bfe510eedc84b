import { RxvirtError } from '../errors/rxvirt-error.js';
import { LibvirtError } from '../rpc/libvirt-error.js';
import { TransportError } from '../transport/transport.js';
import { ExitCode } from './exit-codes.js';
import { FailedTo } from './failed-to.js';
import { InterruptedError } from './interrupted-error.js';
import type { OutputStream } from './io.js';
import { UsageError } from './usage-error.js';

/**
 * Writes `error` to `stderr` as a user wants to read it and returns the exit code. Expected
 * failures (rxvirt's typed errors, a missing file, a bad command line) are one line: what went
 * wrong, libvirt's code name and the URI. Anything else is a bug, reported with its stack.
 */
export function reportError(error: unknown, stderr: OutputStream, uri: string | undefined): ExitCode {
  if (error instanceof UsageError) {
    stderr.write(`rxvirt: ${oneLine(error.message)}\nTry 'rxvirt ${error.command === undefined ? '' : `${error.command} `}--help'.\n`);
    return ExitCode.Usage;
  }
  if (error instanceof InterruptedError) {
    stderr.write('rxvirt: interrupted\n');
    return ExitCode.Interrupted;
  }
  const line = error instanceof FailedTo ? prefixed(error.what, expectedFailure(error.cause, uri)) : expectedFailure(error, uri);
  if (line === undefined) {
    const unexpected = error instanceof FailedTo ? error.cause : error;
    stderr.write(`rxvirt: unexpected error: ${unexpected instanceof Error ? (unexpected.stack ?? unexpected.message) : String(unexpected)}\n`);
    return ExitCode.Failure;
  }
  stderr.write(`rxvirt: error: ${oneLine(line)}\n`);
  return ExitCode.Failure;
}

/** The line for an expected failure, or undefined for one that deserves a stack. */
function expectedFailure(error: unknown, uri: string | undefined): string | undefined {
  const where = (details: readonly (string | undefined)[]): string => {
    const known = details.filter((detail) => detail !== undefined && detail !== '');
    return known.length === 0 ? '' : ` (${known.join(', ')})`;
  };
  if (error instanceof LibvirtError) {
    return `${error.libvirtMessage ?? 'unknown libvirt error'}${where([error.codeName ?? `code ${error.code}`, uri])}`;
  }
  if (error instanceof TransportError) return `${error.message}${where([error.code, error.uri ?? uri])}`;
  if (error instanceof RxvirtError) return `${error.message}${where([error.name, uri])}`;
  if (isSystemError(error)) return error.message;
  return undefined;
}

/** A Node system error (a file that is not there, a permission): expected, its message says it all. */
function isSystemError(error: unknown): error is NodeJS.ErrnoException {
  return error instanceof Error && typeof (error as NodeJS.ErrnoException).code === 'string' && 'syscall' in error;
}

function prefixed(what: string, line: string | undefined): string | undefined {
  return line === undefined ? undefined : `failed to ${what}: ${line}`;
}

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').trim();
}
