// The whole client stack under fuzz: frames a broken daemon might send (replies to pending and
// unknown serials, events for a live registration, stream packets), damaged, written straight to
// a connection of the fake daemon. Whatever arrives, nothing escapes as an unhandled error, the
// calls pending fail only with typed errors, and the connection either goes on (a call still
// works) or ends with a ProtocolError or XdrError.
import fc from 'fast-check';
import { config, firstValueFrom, lastValueFrom, type Observable, type Subscription, timeout, TimeoutError } from 'rxjs';
import { remote_procedure } from '../../src/generated/remote/constants.js';
import { REMOTE_PROGRAM_INFO } from '../../src/generated/remote/procedures.js';
import { encodeRawFrame } from '../../src/protocol/frame-encoder.js';
import { type MessageHeader, MessageType, Program } from '../../src/protocol/message-header.js';
import { ProtocolError } from '../../src/protocol/protocol-error.js';
import { ConnectionClosedError } from '../../src/rpc/connection-closed-error.js';
import { RxvirtError } from '../../src/errors/rxvirt-error.js';
import { XdrError } from '../../src/xdr/xdr-error.js';
import { FakeDaemon } from '../../src/testing/fake-daemon.js';
import { concat, type Mutation, mutate, mutation, xdrPayload } from './arbitraries.js';

const CLIENT_TYPES = [MessageType.REPLY, MessageType.REPLY_WITH_FDS, MessageType.MESSAGE, MessageType.STREAM, MessageType.STREAM_HOLE] as const;
const REMOTE_PROCEDURES = [...REMOTE_PROGRAM_INFO.procedures.keys()];

const clientHeader: fc.Arbitrary<MessageHeader> = fc.record({
  prog: fc.oneof({ weight: 8, arbitrary: fc.constant(Program.REMOTE) }, { weight: 1, arbitrary: fc.constantFrom(Program.QEMU, Program.KEEPALIVE, 0x1234) }),
  vers: fc.constant(1),
  proc: fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(remote_procedure.REMOTE_PROC_CONNECT_GET_LIB_VERSION, remote_procedure.REMOTE_PROC_DOMAIN_EVENT_CALLBACK_LIFECYCLE) },
    { weight: 1, arbitrary: fc.constantFrom(...REMOTE_PROCEDURES) },
  ),
  type: fc.oneof({ weight: 10, arbitrary: fc.constantFrom(...CLIENT_TYPES) }, { weight: 1, arbitrary: fc.constant(MessageType.CALL) }),
  serial: fc.integer({ min: 0, max: 24 }),
  status: fc.integer({ min: 0, max: 2 }),
});

const clientFrame = fc.tuple(clientHeader, xdrPayload).map(([header, payload]) => encodeRawFrame(header, payload, 0));

/** How long the call after the fuzz may wait for its reply. */
const AFTER_FUZZ_CALL_MS = 200;

export interface ClientTally {
  /** The connection went on and answered a call. */
  survived: number;
  /** The connection ended with a ProtocolError or XdrError. */
  closed: number;
  /** A partial frame was left waiting for the rest: the connection is neither broken nor usable. */
  waiting: number;
}

/** Errors a caller may see from a call or an event stream: rxvirt's own classes only. */
function typed(error: unknown): boolean {
  return error instanceof RxvirtError;
}

export function clientProperty(tally: ClientTally): fc.IAsyncPropertyWithHooks<[Uint8Array[], Mutation[]]> {
  return fc.asyncProperty(fc.array(clientFrame, { minLength: 1, maxLength: 6 }), fc.array(mutation, { maxLength: 2 }), async (frames, mutations) => {
    const unhandled: unknown[] = [];
    const previousHandler = config.onUnhandledError;
    config.onUnhandledError = (error) => unhandled.push(error);
    const daemon = new FakeDaemon({ keepalive: { interval: 0 } });
    const subscriptions: Subscription[] = [];
    try {
      const conn = await firstValueFrom(daemon.connect(undefined, { keepalive: { interval: 0 } }));
      const outcomes: unknown[] = [];
      subscriptions.push(conn.events.domain('lifecycle').subscribe({ error: (error: unknown) => outcomes.push(error) }));
      await new Promise((resolve) => setTimeout(resolve, 0));
      daemon.faults.delayReplies(60_000);
      const calls: Observable<unknown>[] = [conn.connectGetLibVersion(), conn.connectGetType(), conn.domainLookupByName({ name: 'test' })];
      const pending = calls.map((call) =>
        lastValueFrom(call).then(
          () => undefined,
          (error: unknown) => error,
        ),
      );
      daemon.faults.sendGarbage(mutate(concat(frames), mutations));
      await new Promise((resolve) => setTimeout(resolve, 0));
      daemon.faults.delayReplies(0);
      const cause = conn.closed ? (await firstValueFrom(conn.end$)).cause : undefined;
      if (conn.closed) {
        tally.closed++;
        if (!(cause instanceof ProtocolError || cause instanceof XdrError)) throw new Error(`the connection ended with ${String(cause)}`);
      } else {
        // A partial frame left behind puts the next real frame out of step: then that call fails.
        // A partial frame with a legal length swallows what follows until it is complete: the call
        // then waits for the peer (keepalive or a timeout is the user's bound for that).
        const version = await firstValueFrom(conn.connectGetLibVersion().pipe(timeout(AFTER_FUZZ_CALL_MS))).catch((error: unknown) => error);
        if (version === 9_000_000n) tally.survived++;
        else if (version instanceof ConnectionClosedError && version.cause instanceof ProtocolError) tally.closed++;
        else if (version instanceof TimeoutError) tally.waiting++;
        else throw new Error(`a call after the fuzz returned ${String(version)}`);
      }
      // The daemon goes: every call still pending must fail with a typed error.
      daemon.close();
      for (const outcome of [...(await Promise.all(pending)), ...outcomes]) {
        if (outcome !== undefined && !typed(outcome)) throw new Error(`a call or event stream failed with ${String(outcome)}`);
      }
      if (unhandled.length > 0) throw new Error(`unhandled: ${String(unhandled[0])}`);
    } finally {
      for (const subscription of subscriptions) subscription.unsubscribe();
      daemon.close();
      config.onUnhandledError = previousHandler;
    }
  });
}
