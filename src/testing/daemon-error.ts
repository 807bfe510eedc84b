import type { VirNetMessageError } from '../generated/virnet/types.js';
import { virErrorDomain, virErrorLevel, virErrorNumber } from '../generated/libvirt/libvirt.js';

/**
 * An error the fake daemon reports to the client as libvirt's `remote_error`: thrown by a
 * procedure handler, it becomes a REPLY (or STREAM) with status ERROR. The fields follow what
 * libvirt's `virRaiseErrorFull` fills in: `message` is the full text, `str1` the format with its
 * `%s`, `str2` the detail substituted into it.
 */
export class DaemonError extends Error {
  constructor(readonly fields: VirNetMessageError) {
    super(fields.message ?? 'libvirt error');
    this.name = 'DaemonError';
  }
}

/** An error whose message is `prefix` alone (`'Domain not found'`) or `prefix: detail`. */
export function daemonError(code: number, domain: number, prefix: string, detail?: string): DaemonError {
  return new DaemonError({
    code,
    domain,
    message: detail === undefined ? prefix : `${prefix}: ${detail}`,
    level: virErrorLevel.VIR_ERR_ERROR,
    dom: null,
    str1: detail === undefined ? prefix : `${prefix}: %s`,
    str2: detail ?? null,
    str3: null,
    int1: -1,
    int2: -1,
    net: null,
  });
}

const E = virErrorNumber;
const FROM = virErrorDomain;

/** The errors the fake daemon raises, worded as libvirt 9.0's test driver and RPC layer word them. */
export const DaemonErrors = {
  unknownProcedure: (proc: number) => rpcError(`unknown procedure: ${proc}`),
  unknownProgram: (prog: number, vers: number) => rpcError(`Cannot find program ${prog} version ${vers}`),
  undecodableArgs: (proc: number) => rpcError(`Unable to decode the arguments of procedure ${proc}`),
  notOpen: () => daemonError(E.VIR_ERR_INTERNAL_ERROR, FROM.VIR_FROM_RPC, 'internal error', 'connection not open'),
  alreadyOpen: () => daemonError(E.VIR_ERR_INTERNAL_ERROR, FROM.VIR_FROM_RPC, 'internal error', 'connection already open'),
  noDomain: () => daemonError(E.VIR_ERR_NO_DOMAIN, FROM.VIR_FROM_TEST, 'Domain not found'),
  /** The test driver's state errors: "domain 'test' not running", "Domain 'test' is already running". */
  testDriver: (detail: string) => daemonError(E.VIR_ERR_INTERNAL_ERROR, FROM.VIR_FROM_TEST, 'internal error', detail),
  domainNotRunning: () => daemonError(E.VIR_ERR_OPERATION_INVALID, FROM.VIR_FROM_DOMAIN, 'Requested operation is not valid', 'domain is not running'),
  noStoragePool: (name: string) =>
    daemonError(E.VIR_ERR_NO_STORAGE_POOL, FROM.VIR_FROM_TEST, 'Storage pool not found', `no storage pool with matching name '${name}'`),
  noStorageVol: (what: string) =>
    daemonError(E.VIR_ERR_NO_STORAGE_VOL, FROM.VIR_FROM_TEST, 'Storage volume not found', `no storage vol with matching ${what}`),
  invalidArg: (detail: string) => daemonError(E.VIR_ERR_INVALID_ARG, FROM.VIR_FROM_RPC, 'invalid argument', detail),
  streamFailed: (detail: string) => daemonError(E.VIR_ERR_INTERNAL_ERROR, FROM.VIR_FROM_STREAMS, 'internal error', detail),
} as const;

/** libvirt's RPC layer reports with the bare message (VIR_ERR_RPC's format is just `%s`). */
function rpcError(message: string): DaemonError {
  return new DaemonError({
    code: E.VIR_ERR_RPC,
    domain: FROM.VIR_FROM_RPC,
    message,
    level: virErrorLevel.VIR_ERR_ERROR,
    dom: null,
    str1: message,
    str2: null,
    str3: null,
    int1: -1,
    int2: -1,
    net: null,
  });
}
