import { RxvirtError } from '../errors/rxvirt-error.js';
import { nameOf } from '../protocol/constant-names.js';
import { virErrorDomain, virErrorLevel, virErrorNumber } from '../generated/libvirt/libvirt.js';

/** The fields of libvirt's `remote_error` / `virNetMessageError` that a client can use. */
export interface LibvirtErrorFields {
  readonly code: number;
  readonly domain: number;
  readonly message: string | null;
  readonly level: number;
  readonly str1: string | null;
  readonly str2: string | null;
  readonly str3: string | null;
  readonly int1: number;
  readonly int2: number;
}

/**
 * An error reported by the daemon (a REPLY or STREAM with status ERROR), with every field of
 * libvirt's error and symbolic names for its code, domain and level. Numbers newer than the
 * names rxvirt was generated from keep their number and get no name.
 *
 * ```ts
 * conn.domainLookupByName({ name: 'nope' }).subscribe({
 *   error: (err) => {
 *     if (err instanceof LibvirtError && err.codeName === 'VIR_ERR_NO_DOMAIN') console.log('no such domain');
 *   },
 * });
 * ```
 */
export class LibvirtError extends RxvirtError {
  override name: string = 'LibvirtError';
  readonly code: number;
  readonly domain: number;
  readonly level: number;
  readonly str1: string | null;
  readonly str2: string | null;
  readonly str3: string | null;
  readonly int1: number;
  readonly int2: number;
  /** libvirt's own message, as virsh prints it. */
  readonly libvirtMessage: string | null;
  /** `VIR_ERR_NO_DOMAIN`, ... or undefined for a code newer than rxvirt's tables. */
  readonly codeName: string | undefined;
  /** `VIR_FROM_TEST`, ... */
  readonly domainName: string | undefined;
  /** `VIR_ERR_ERROR`, `VIR_ERR_WARNING`, ... */
  readonly levelName: string | undefined;
  /** The procedure whose call failed, when known (`REMOTE_PROC_DOMAIN_LOOKUP_BY_NAME`). */
  readonly procedure: string | undefined;

  constructor(fields: LibvirtErrorFields, procedure?: string) {
    const codeName = nameOf(virErrorNumber, fields.code);
    super(`${fields.message ?? 'unknown libvirt error'} (${codeName ?? `code ${fields.code}`}${procedure ? ` in ${procedure}` : ''})`);
    this.code = fields.code;
    this.domain = fields.domain;
    this.level = fields.level;
    this.str1 = fields.str1;
    this.str2 = fields.str2;
    this.str3 = fields.str3;
    this.int1 = fields.int1;
    this.int2 = fields.int2;
    this.libvirtMessage = fields.message;
    this.codeName = codeName;
    this.domainName = nameOf(virErrorDomain, fields.domain);
    this.levelName = nameOf(virErrorLevel, fields.level);
    this.procedure = procedure;
  }
}
