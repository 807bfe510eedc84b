import type { Frame } from '../protocol/frame.js';
import { MessageStatus } from '../protocol/message-header.js';
import type { ProcedureInfo } from '../protocol/procedure.js';
import { EventHoldOverflowError } from './event-hold-overflow-error.js';
import { SmallMap } from '../rpc/small-map.js';

/** What identifies an event procedure: its program and number (and its name, for errors). */
export type RoutedProcedure = Pick<ProcedureInfo, 'program' | 'number' | 'name'>;

/** Receives the frames of one registration. */
export interface EventRoute {
  deliver(frame: Frame): void;
}

/**
 * Event frames the connection holds for registrations in flight, per procedure: libvirtd may send
 * a new callback's first event before the reply that names its callback ID.
 */
export const EVENT_HOLD_LIMIT = 256;

/** A register call in flight, whose events are held until its reply names the callback ID. */
export interface PendingRoute {
  /**
   * The register call was answered and its route added: the frames held for `callbackID` go to
   * that route now, in their order, and holding stops.
   */
  settle(callbackID: number | null): void;
  /** The register call failed or was abandoned: holding stops. */
  cancel(): void;
}

/**
 * Where the event MESSAGE frames of one procedure go. Callback IDs are per procedure: the daemon
 * numbers domain, network, pool... callbacks from separate counters, so the same ID can exist
 * in two families at once.
 */
interface ProcedureRoutes {
  /** The procedure's name, for errors. */
  readonly name: string;
  /** False for events that carry no callback ID (the connection-close event): one route, key `null`. */
  readonly byCallbackId: boolean;
  readonly routes: SmallMap<number | null, EventRoute>;
  /** Register calls in flight for this procedure, told when the hold overflows (made by the first). */
  pending: Set<(error: EventHoldOverflowError) => void> | undefined;
  /** Frames that matched no route while a register call was in flight, in arrival order. */
  held: Frame[] | undefined;
}

/** One key per (program, procedure): procedure numbers are below 2^16. */
function procedureKey(program: number, procedure: number): number {
  return program * 0x10000 + procedure;
}

/**
 * Routes event frames to registrations by (program, procedure, callback ID). The callback ID is
 * the first word of every `*_callback_*` payload; the frame's serial is meaningless for MESSAGE
 * frames (the daemon sends 1) and is ignored, as libvirt's own client ignores it.
 *
 * While a register call is in flight ({@link expect}), frames of its procedure that match no
 * route are held, up to {@link EVENT_HOLD_LIMIT}, and go to the new route once the reply names
 * its callback ID. Other frames nobody registered for are dropped and counted in {@link dropped}:
 * an event that raced a deregistration, or held for a registration that did not want it.
 */
export class EventRouter {
  private readonly procedures = new SmallMap<number, ProcedureRoutes>();
  /** Event frames that matched no registration, for diagnostics. */
  dropped = 0;

  /** Sends the frames of `procedure` carrying `callbackID` (`null`: frames without one) to `route`. */
  add(procedure: RoutedProcedure, callbackID: number | null, route: EventRoute): void {
    this.entry(procedure, callbackID !== null).routes.set(callbackID, route);
  }

  remove(procedure: RoutedProcedure, callbackID: number | null, route: EventRoute): void {
    const routes = this.procedures.get(procedureKey(procedure.program, procedure.number))?.routes;
    if (routes?.get(callbackID) === route) routes.delete(callbackID);
  }

  /**
   * A register call for `procedure` is being sent: hold its unrouted frames until the returned
   * {@link PendingRoute} is settled or cancelled. Past {@link EVENT_HOLD_LIMIT} held frames, every
   * register call in flight for the procedure is told through `overflow` and holding stops.
   */
  expect(procedure: RoutedProcedure, byCallbackId: boolean, overflow: (error: EventHoldOverflowError) => void): PendingRoute {
    const entry = this.entry(procedure, byCallbackId);
    (entry.pending ??= new Set()).add(overflow);
    return new HeldRoute(this, entry, overflow);
  }

  /** @internal A register call settled or gave up: see {@link HeldRoute}. */
  stopHolding(entry: ProcedureRoutes, overflow: (error: EventHoldOverflowError) => void): void {
    if (entry.pending?.delete(overflow) !== true || entry.pending.size > 0) return;
    entry.pending = undefined;
    this.dropHeld(entry);
  }

  /** @internal Delivers the frames held for `callbackID`, in order: see {@link HeldRoute}. */
  release(entry: ProcedureRoutes, overflow: (error: EventHoldOverflowError) => void, callbackID: number | null): void {
    if (entry.pending?.has(overflow) !== true) return;
    const mine: Frame[] = [];
    const others: Frame[] = [];
    for (const frame of entry.held ?? []) (routeKey(entry, frame) === callbackID ? mine : others).push(frame);
    entry.held = others.length > 0 ? others : undefined;
    this.stopHolding(entry, overflow);
    // Looked up for each frame: a subscriber may leave while the first ones are delivered.
    for (const frame of mine) this.deliver(entry, frame);
  }

  route(frame: Frame): void {
    const { header } = frame;
    const entry = this.procedures.get(procedureKey(header.prog, header.proc));
    if (entry === undefined || header.status !== MessageStatus.OK) {
      this.dropped++;
      return;
    }
    const route = entry.routes.get(routeKey(entry, frame));
    if (route !== undefined) route.deliver(frame);
    else if (entry.pending !== undefined && entry.pending.size > 0) this.hold(entry, frame);
    else this.dropped++;
  }

  private hold(entry: ProcedureRoutes, frame: Frame): void {
    // Frames are never reused once handed out (see Frame), so holding one needs no copy.
    const held = (entry.held ??= []);
    held.push(frame);
    if (held.length <= EVENT_HOLD_LIMIT) return;
    const error = new EventHoldOverflowError(entry.name, EVENT_HOLD_LIMIT);
    const told = [...(entry.pending ?? [])];
    entry.pending = undefined;
    this.dropHeld(entry);
    for (const overflow of told) overflow(error);
  }

  private deliver(entry: ProcedureRoutes, frame: Frame): void {
    const route = entry.routes.get(routeKey(entry, frame));
    if (route === undefined) this.dropped++;
    else route.deliver(frame);
  }

  private dropHeld(entry: ProcedureRoutes): void {
    this.dropped += entry.held?.length ?? 0;
    entry.held = undefined;
  }

  private entry(procedure: RoutedProcedure, byCallbackId: boolean): ProcedureRoutes {
    const key = procedureKey(procedure.program, procedure.number);
    let entry = this.procedures.get(key);
    if (entry === undefined) this.procedures.set(key, (entry = { name: procedure.name, byCallbackId, routes: new SmallMap(), pending: undefined, held: undefined }));
    return entry;
  }
}

/** The route key of a frame: its callback ID, the payload's first word (NaN, which matches no route, when there is none). */
function routeKey(entry: ProcedureRoutes, frame: Frame): number | null {
  if (!entry.byCallbackId) return null;
  const bytes = frame.payload;
  if (bytes.byteLength < 4) return Number.NaN;
  // XDR int, big-endian: read in place rather than through a reader object per event.
  return (bytes[0] << 24) | (bytes[1] << 16) | (bytes[2] << 8) | bytes[3];
}

/** The {@link PendingRoute} of one register call: methods on the prototype, not closures per call. */
class HeldRoute implements PendingRoute {
  constructor(
    private readonly router: EventRouter,
    private readonly entry: ProcedureRoutes,
    private readonly overflow: (error: EventHoldOverflowError) => void,
  ) {}

  settle(callbackID: number | null): void {
    this.router.release(this.entry, this.overflow, callbackID);
  }

  cancel(): void {
    this.router.stopHolding(this.entry, this.overflow);
  }
}
