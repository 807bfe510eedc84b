import { virErrorDomain, virErrorLevel, virErrorNumber } from '../generated/libvirt/libvirt.js';
import type { SymbolicName } from '../protocol/symbolic-name.js';
import { ArgumentError } from '../rpc/argument-error.js';
import { LibvirtError } from '../rpc/libvirt-error.js';

/** A libvirt error code by name: `VIR_ERR_NO_DOMAIN`, `VIR_ERR_OPERATION_INVALID`, ... */
export type LibvirtErrorCodeName = SymbolicName<typeof virErrorNumber>;
/** Where libvirt says an error comes from: `VIR_FROM_TEST`, `VIR_FROM_QEMU`, ... */
export type LibvirtErrorDomainName = SymbolicName<typeof virErrorDomain>;

export interface LibvirtErrorOptions {
  /** Default `VIR_FROM_NONE`. */
  readonly domain?: LibvirtErrorDomainName;
  /** The procedure the error answers, as a `LibvirtError` from a call names it: `REMOTE_PROC_DOMAIN_LOOKUP_BY_NAME`. */
  readonly procedure?: string;
}

/**
 * A `LibvirtError` as the daemon would send it, built by its code's name, for stubs and
 * assertions in tests: `cold('-#', undefined, libvirtError('VIR_ERR_NO_DOMAIN', 'Domain not found'))`.
 * `message` is libvirt's text (`err.libvirtMessage`), the code's name when left out. An unknown
 * name fails with an `ArgumentError`.
 */
export function libvirtError(code: LibvirtErrorCodeName, message?: string, options: LibvirtErrorOptions = {}): LibvirtError {
  const domain = options.domain ?? 'VIR_FROM_NONE';
  if (typeof code !== 'string' || !Object.hasOwn(virErrorNumber, code)) {
    throw new ArgumentError('libvirtError', 'code', `a virErrorNumber name expected (VIR_ERR_NO_DOMAIN, ...), got ${String(code)}`);
  }
  if (typeof domain !== 'string' || !Object.hasOwn(virErrorDomain, domain)) {
    throw new ArgumentError('libvirtError', 'options.domain', `a virErrorDomain name expected (VIR_FROM_TEST, ...), got ${String(domain)}`);
  }
  const text = message ?? code;
  return new LibvirtError(
    {
      code: virErrorNumber[code],
      domain: virErrorDomain[domain],
      message: text,
      level: virErrorLevel.VIR_ERR_ERROR,
      str1: text,
      str2: null,
      str3: null,
      int1: -1,
      int2: -1,
    },
    options.procedure,
  );
}
