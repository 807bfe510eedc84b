import type { Frame } from '../protocol/frame.js';
import { MessageStatus } from '../protocol/message-header.js';
import type { ProcedureInfo } from '../protocol/procedure.js';
import { XdrReader } from '../xdr/reader.js';

/** What identifies an event procedure: its program and number. */
export type RoutedProcedure = Pick<ProcedureInfo, 'program' | 'number'>;

/** Receives the frames of one registration. */
export type EventDelivery = (frame: Frame) => void;

/**
 * Where the event MESSAGE frames of one procedure go. Callback IDs are per procedure: the daemon
 * numbers domain, network, pool... callbacks from separate counters, so the same ID can exist
 * in two families at once.
 */
interface ProcedureRoutes {
  /** False for events that carry no callback ID (the connection-close event): one route, key `null`. */
  readonly byCallbackId: boolean;
  readonly routes: Map<number | null, EventDelivery>;
}

/**
 * Routes event frames to registrations by (program, procedure, callback ID). The callback ID is
 * the first word of every `*_callback_*` payload; the frame's serial is meaningless for MESSAGE
 * frames (the daemon sends 1) and is ignored, as libvirt's own client ignores it.
 *
 * Frames nobody registered for are dropped and counted in {@link dropped}: an event that raced a
 * deregistration, or one the daemon sent before the register reply gave us its callback ID
 * (libvirt's C client drops those too).
 */
export class EventRouter {
  private readonly programs = new Map<number, Map<number, ProcedureRoutes>>();
  /** Event frames that matched no registration, for diagnostics. */
  dropped = 0;

  /** Sends the frames of `procedure` carrying `callbackID` (`null`: frames without one) to `deliver`. */
  add(procedure: RoutedProcedure, callbackID: number | null, deliver: EventDelivery): void {
    let procedures = this.programs.get(procedure.program);
    if (procedures === undefined) this.programs.set(procedure.program, (procedures = new Map()));
    let entry = procedures.get(procedure.number);
    if (entry === undefined) procedures.set(procedure.number, (entry = { byCallbackId: callbackID !== null, routes: new Map() }));
    entry.routes.set(callbackID, deliver);
  }

  remove(procedure: RoutedProcedure, callbackID: number | null, deliver: EventDelivery): void {
    const routes = this.programs.get(procedure.program)?.get(procedure.number)?.routes;
    if (routes?.get(callbackID) === deliver) routes.delete(callbackID);
  }

  route(frame: Frame): void {
    const { header } = frame;
    const entry = this.programs.get(header.prog)?.get(header.proc);
    const deliver = entry && header.status === MessageStatus.OK ? entry.routes.get(entry.byCallbackId ? peekCallbackId(frame) : null) : undefined;
    if (deliver === undefined) this.dropped++;
    else deliver(frame);
  }
}

/** The first word of the payload, or NaN (which matches no route) when there is none. */
function peekCallbackId(frame: Frame): number {
  return frame.payload.byteLength >= 4 ? new XdrReader(frame.payload).readInt() : Number.NaN;
}
