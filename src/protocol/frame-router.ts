import { Subject, Subscription } from 'rxjs';
import type { Observable, Observer } from 'rxjs';
import type { Frame } from './frame.js';
import { MessageType, Program, formatHeader } from './message-header.js';
import { ProtocolError, ProtocolErrorReason } from './protocol-error.js';

/** Which end of the connection the router serves. */
export type FrameRouterRole = 'client' | 'server';

export interface FrameRouterOptions {
  readonly role: FrameRouterRole;
  /**
   * Programs whose CALL, REPLY, MESSAGE and STREAM frames are routed. Defaults to REMOTE, QEMU and
   * LXC, the programs libvirt's remote driver speaks; an admin connection passes `[Program.ADMIN]`.
   * KEEPALIVE MESSAGE frames are always routed, to {@link FrameRouter.keepalive}.
   */
  readonly programs?: Iterable<number>;
}

const DEFAULT_PROGRAMS = [Program.REMOTE, Program.QEMU, Program.LXC];

/**
 * Partitions incoming frames by message type and program.
 *
 * - `replies`: REPLY and REPLY_WITH_FDS (client role only)
 * - `calls`: CALL and CALL_WITH_FDS (server role only)
 * - `events`: MESSAGE frames of the routed programs (events from the daemon)
 * - `streams`: STREAM and STREAM_HOLE frames of the routed programs
 * - `keepalive`: MESSAGE frames of the KEEPALIVE program (PING and PONG)
 *
 * The router looks at the program number only: matching versions, procedures and serials is the
 * job of the layers that consume the outputs (replies are matched on prog, vers and serial).
 *
 * Two kinds of bad frames, handled as libvirt handles them:
 *
 * - A frame of a program that is not routed is dropped, as libvirt's client drops messages and
 *   stream packets nobody waits for. It is reported on `dropped` as a `ProtocolError` of reason
 *   `unknown-program` (with the header, enough to log it or, for a server, to answer an unknown
 *   program's CALL with an error REPLY); the connection goes on.
 * - A frame type the peer must never send to this role (a CALL at a client, a REPLY at a server,
 *   a KEEPALIVE frame that is not a MESSAGE) means the peer is broken. That is fatal: the router
 *   unsubscribes from its input and every output errors with a `ProtocolError` of reason
 *   `unexpected-frame`, which is the signal to close the connection.
 *
 * When the input errors or completes, every output errors or completes the same way. Frames are
 * pushed into hot subjects: subscribe to the outputs before {@link connect}ing the input.
 *
 * Routing is a switch on the type and a set lookup on the program: nothing is allocated per routed
 * frame.
 */
export class FrameRouter {
  readonly role: FrameRouterRole;
  readonly replies: Observable<Frame>;
  readonly calls: Observable<Frame>;
  readonly events: Observable<Frame>;
  readonly streams: Observable<Frame>;
  readonly keepalive: Observable<Frame>;
  readonly dropped: Observable<ProtocolError>;

  private readonly programs: ReadonlySet<number>;
  private readonly replySubject = new Subject<Frame>();
  private readonly callSubject = new Subject<Frame>();
  private readonly eventSubject = new Subject<Frame>();
  private readonly streamSubject = new Subject<Frame>();
  private readonly keepaliveSubject = new Subject<Frame>();
  private readonly droppedSubject = new Subject<ProtocolError>();
  private readonly subjects: readonly Pick<Observer<unknown>, 'error' | 'complete'>[];
  private subscription: Subscription | undefined;

  constructor(options: FrameRouterOptions) {
    this.role = options.role;
    this.programs = new Set(options.programs ?? DEFAULT_PROGRAMS);
    this.replies = this.replySubject.asObservable();
    this.calls = this.callSubject.asObservable();
    this.events = this.eventSubject.asObservable();
    this.streams = this.streamSubject.asObservable();
    this.keepalive = this.keepaliveSubject.asObservable();
    this.dropped = this.droppedSubject.asObservable();
    this.subjects = [
      this.replySubject,
      this.callSubject,
      this.eventSubject,
      this.streamSubject,
      this.keepaliveSubject,
      this.droppedSubject,
    ];
  }

  /**
   * Starts routing `frames`. A router routes one input for its whole life: a second call throws.
   * Unsubscribing the returned subscription stops routing and leaves the outputs open.
   */
  connect(frames: Observable<Frame>): Subscription {
    if (this.subscription !== undefined) throw new Error('FrameRouter.connect: already connected');
    // Created first so that a fatal frame arriving synchronously, during subscribe(), can close it:
    // adding the input's subscription to a closed Subscription unsubscribes it at once.
    const subscription = new Subscription();
    this.subscription = subscription;
    subscription.add(
      frames.subscribe({
        next: (frame) => this.route(frame),
        error: (error: unknown) => this.fail(error),
        complete: () => {
          for (const subject of this.subjects) subject.complete();
        },
      }),
    );
    return subscription;
  }

  private route(frame: Frame): void {
    switch (frameRoute(frame, this.role, this.programs)) {
      case FrameRoute.REPLY:
        return this.replySubject.next(frame);
      case FrameRoute.CALL:
        return this.callSubject.next(frame);
      case FrameRoute.EVENT:
        return this.eventSubject.next(frame);
      case FrameRoute.STREAM:
        return this.streamSubject.next(frame);
      case FrameRoute.KEEPALIVE:
        return this.keepaliveSubject.next(frame);
      case FrameRoute.UNROUTED:
        return this.droppedSubject.next(unroutedFrameError(frame));
      case FrameRoute.UNEXPECTED:
        this.subscription?.unsubscribe();
        return this.fail(unexpectedFrameError(frame, this.role));
    }
  }

  private fail(error: unknown): void {
    for (const subject of this.subjects) subject.error(error);
  }
}

/** Where {@link frameRoute} sends a frame. */
export const FrameRoute = {
  REPLY: 0,
  CALL: 1,
  EVENT: 2,
  STREAM: 3,
  KEEPALIVE: 4,
  /** A program that is not routed: dropped, the connection goes on. */
  UNROUTED: 5,
  /** A frame the peer must never send to this role: the connection is broken. */
  UNEXPECTED: 6,
} as const;
export type FrameRoute = (typeof FrameRoute)[keyof typeof FrameRoute];

/**
 * The routing rule of {@link FrameRouter} as a plain function, for a session that dispatches
 * frames itself rather than through subjects: a switch on the type and a set lookup on the
 * program. A KEEPALIVE frame that is not a MESSAGE is {@link FrameRoute.UNEXPECTED}.
 */
export function frameRoute(frame: Frame, role: FrameRouterRole, programs: ReadonlySet<number>): FrameRoute {
  const { type, prog } = frame.header;
  switch (type) {
    case MessageType.REPLY:
    case MessageType.REPLY_WITH_FDS:
      if (role !== 'client') return FrameRoute.UNEXPECTED;
      return programs.has(prog) ? FrameRoute.REPLY : unrouted(prog);
    case MessageType.CALL:
    case MessageType.CALL_WITH_FDS:
      if (role !== 'server') return FrameRoute.UNEXPECTED;
      return programs.has(prog) ? FrameRoute.CALL : unrouted(prog);
    case MessageType.MESSAGE:
      if (prog === Program.KEEPALIVE) return FrameRoute.KEEPALIVE;
      return programs.has(prog) ? FrameRoute.EVENT : unrouted(prog);
    default:
      // STREAM and STREAM_HOLE: the decoder lets no other type through.
      return programs.has(prog) ? FrameRoute.STREAM : unrouted(prog);
  }
}

/** A frame of a program that is not routed: fatal for KEEPALIVE (which only has MESSAGEs), else dropped. */
function unrouted(prog: number): FrameRoute {
  return prog === Program.KEEPALIVE ? FrameRoute.UNEXPECTED : FrameRoute.UNROUTED;
}

/** The report of a dropped frame of an unknown program. */
export function unroutedFrameError(frame: Frame): ProtocolError {
  return new ProtocolError(ProtocolErrorReason.UnknownProgram, `dropped a frame of an unknown program (${formatHeader(frame.header)})`, {
    header: frame.header,
  });
}

/** The fatal error of a frame this role must never receive. */
export function unexpectedFrameError(frame: Frame, role: FrameRouterRole): ProtocolError {
  return new ProtocolError(ProtocolErrorReason.UnexpectedFrame, `a ${role} cannot receive this frame (${formatHeader(frame.header)})`, {
    header: frame.header,
  });
}
