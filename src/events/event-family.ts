import type { ProgramInfo } from '../protocol/procedure.js';
import { procedureOf } from '../protocol/procedure-table.js';
import type { EventPayload, Flat } from './event-payload.js';
import type { EventRegistration } from './event-registration.js';

/** One event of a family: libvirt's event ID, the MESSAGE procedure that carries it, its names. */
export interface EventKind<Payload = never, Names = unknown> {
  readonly eventID: number;
  /** The `*_EVENT_*` MESSAGE procedure number. */
  readonly procedure: number;
  /** Symbolic names of the payload's numeric codes (`eventName`, `detailName`, ...), where libvirt has them. */
  readonly names?: (payload: Payload) => Names;
}

/** The names added to event `N` of a family: nothing where libvirt names none of its codes. */
type NamesOf<Names, N> = N extends keyof Names ? Names[N] : unknown;

/** Event `N` of a family as subscribers see it: its `*_msg` payload without `callbackID`, plus its names. */
export type FamilyEvent<Messages, Names, N extends keyof Messages> = Flat<EventPayload<Messages[N]> & NamesOf<Names, N>>;

/** A family's `kinds` table: one {@link EventKind} per event name, typed by its payload and names. */
export type FamilyKinds<Messages, Names> = { readonly [N in keyof Messages]: EventKind<EventPayload<Messages[N]>, NamesOf<Names, N>> };

/**
 * A family of events registered with `*_EVENT_REGISTER_ANY {eventID, object filter}` →
 * `callbackID` and `*_EVENT_DEREGISTER_ANY {callbackID}`: domain, network, storage pool, node
 * device and secret events all follow this pattern.
 */
export interface EventFamily<Filter, Kinds extends Readonly<Record<string, EventKind>>> {
  /** Prefix of registration keys (`domain`, `network`...). */
  readonly family: string;
  readonly program: ProgramInfo;
  readonly register: number;
  readonly deregister: number;
  /** Name of the register argument holding the optional object filter (`dom`, `net`...). */
  readonly filterField: string;
  /** A string naming the filter object uniquely, for the registration key. */
  readonly filterKey: (filter: Filter) => string;
  readonly kinds: Kinds;
}

/** The register/deregister calls and message of one event of a family, filtered by `filter`. */
export function familyRegistration<Filter>(
  family: EventFamily<Filter, Readonly<Record<string, EventKind>>>,
  kind: EventKind,
  filter: Filter | null,
): EventRegistration<object> {
  return {
    register: procedureOf(family.program, family.register),
    registerArgs: { eventID: kind.eventID, [family.filterField]: filter },
    deregister: procedureOf(family.program, family.deregister),
    deregisterArgs: callbackIdArgs,
    message: procedureOf<object>(family.program, kind.procedure),
    routedBy: 'callbackID',
  };
}

/** A family's deregister arguments: one function shared by every registration. */
function callbackIdArgs(callbackID: number): unknown {
  return { callbackID };
}

/** The registration key of one event of a family: one daemon registration per key. */
export function familyKey<Filter>(family: EventFamily<Filter, Readonly<Record<string, EventKind>>>, kind: EventKind, filter: Filter | null): string {
  return `${family.family}:${kind.eventID}:${filter === null ? '*' : family.filterKey(filter)}`;
}

/** Lower-case hex of a UUID's 16 bytes: a filter key for objects identified by UUID. Throws for anything else. */
export function uuidKey(uuid: Uint8Array): string {
  if (!(uuid instanceof Uint8Array) || uuid.length !== 16) throw new TypeError('a UUID is 16 bytes in a Uint8Array');
  // Character codes into one array, then one string: every subscription with a filter makes a
  // key, and digit by digit that was three strings a byte.
  const codes = new Array<number>(32);
  for (let i = 0; i < 16; i++) {
    codes[2 * i] = HEX_DIGITS.charCodeAt(uuid[i] >> 4);
    codes[2 * i + 1] = HEX_DIGITS.charCodeAt(uuid[i] & 15);
  }
  return String.fromCharCode(...codes);
}

const HEX_DIGITS = '0123456789abcdef';
