import type { ConstantTable } from './constant-names.js';
import type { XdrReader } from '../xdr/reader.js';
import type { XdrWriter } from '../xdr/writer.js';

/** Writes a value of one XDR type. */
export type XdrEncoder<T> = (writer: XdrWriter, value: T) => void;
/** Reads a value of one XDR type. */
export type XdrDecoder<T> = (reader: XdrReader) => T;

/**
 * How a procedure travels: `call` is a CALL answered by a REPLY; `message` is a one-way MESSAGE
 * frame (events from the daemon, keepalive PING/PONG) that is never a method of the API.
 */
export type ProcedureKind = 'call' | 'message';

/** Direction of the data stream a procedure opens, seen from the client. */
export type StreamDirection = 'read' | 'write' | 'both';

/** Which side passes file descriptors (SCM_RIGHTS) with this procedure. */
export type FdPassing = 'call' | 'reply' | 'both';

/**
 * Everything rxvirt knows about one procedure, generated from libvirt's `.x` files and their
 * annotations. `Args`, `Ret` and `Msg` are the payload types; codecs are `null` where the
 * procedure has no such payload.
 */
export interface ProcedureInfo<Args = unknown, Ret = unknown, Msg = unknown> {
  /** Program number (REMOTE 0x20008086, QEMU, LXC, ADMIN, KEEPALIVE). */
  readonly program: number;
  readonly programVersion: number;
  /** Procedure number within its program. */
  readonly number: number;
  /** libvirt's constant, e.g. `REMOTE_PROC_DOMAIN_LOOKUP_BY_NAME`. */
  readonly name: string;
  /** API method name, e.g. `domainLookupByName`. */
  readonly method: string;
  readonly kind: ProcedureKind;
  readonly encodeArgs: XdrEncoder<Args> | null;
  readonly decodeArgs: XdrDecoder<Args> | null;
  readonly encodeRet: XdrEncoder<Ret> | null;
  readonly decodeRet: XdrDecoder<Ret> | null;
  /** The only field of the `_ret` struct, which the API emits instead of the struct; else `null`. */
  readonly unwrapField: string | null;
  /** Payload of a `message` procedure (`*_msg` struct); `null` for calls and empty messages. */
  readonly encodeMessage: XdrEncoder<Msg> | null;
  readonly decodeMessage: XdrDecoder<Msg> | null;
  /** `@readstream` / `@writestream`, corrected for the procedures upstream annotates wrongly. */
  readonly stream: StreamDirection | null;
  /** Value of the `@sparseflag` flag that makes the stream carry holes; `null` if none. */
  readonly sparseFlag: number | null;
  readonly fds: FdPassing | null;
  /**
   * Reply fields that are libvirt enums, each with its constant table: the reply gets
   * `<field>Name` beside the number (`state` → `stateName`); `null` when none.
   */
  readonly names: readonly NamedReplyField[] | null;
  /** What the call does with typed parameters (records by name, the count asked for); `null` when it has none. */
  readonly typedParams: TypedParamsInfo | null;
  /** `@priority`: high-priority procedures run on the daemon's priority workers. */
  readonly priority: 'high' | 'low';
  /** `@generate`: which side libvirt generates code for (informational). */
  readonly generate: 'both' | 'client' | 'server' | 'none' | null;
  /** `@acl` lines, verbatim permission names such as `domain:read`. */
  readonly acl: readonly string[];
}

/**
 * A reply field holding a libvirt enum, and the enum's constants: `['state', virDomainState]`;
 * or a field whose enum another field's value chooses: `['reason', 'state', { 1: virDomainRunningReason, ... }]`.
 */
export type NamedReplyField =
  | readonly [field: string, table: ConstantTable]
  | readonly [field: string, by: string, tables: { readonly [value: number]: ConstantTable }];

/**
 * The generator's typed-parameter rule for one call (libvirt's `virTypedParameter` lists, which
 * the API hands over as records by name: `{ hard_limit: 1024n }`).
 */
export interface TypedParamsInfo {
  /** The reply's typed parameters as a record: the whole emitted value, its `params` field, or untouched (`null`). */
  readonly reply: 'record' | 'field' | null;
  /** An `nparams` the caller left out: `'ask'` the daemon for the count first, or send this number; `null`: no such argument. */
  readonly nparams: 'ask' | number | null;
  /** The argument `params` may be a record by name. */
  readonly params: boolean;
  /** The getter (procedure number) whose reply gives each name's type for a record `params`; `null` when none. */
  readonly typesFrom: number | null;
}

/** One RPC program: its number, version and procedures by number. */
export interface ProgramInfo {
  readonly name: 'remote' | 'qemu' | 'lxc' | 'admin' | 'keepalive';
  readonly program: number;
  readonly version: number;
  /** Built row by row as they are first asked for (`get`); iterating builds them all. */
  readonly procedures: ReadonlyMap<number, ProcedureInfo>;
  /**
   * The API method of each call procedure, by procedure number (`callMethods[34]` is
   * `domainSuspend`), `undefined` for message procedures: what the API classes are made from
   * without building the procedures' rows.
   */
  readonly callMethods: readonly (string | undefined)[];
}
