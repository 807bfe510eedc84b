// Hand-built event frames for the event layer's tests: XDR written out by hand, independently of
// the generated encoders, so that decoding is checked against bytes the code under test did not make.
import { type Observable, ReplaySubject, Subscription, takeUntil } from 'rxjs';
import type { SessionEnd, SessionEndListener } from '../../src/connection/session.js';
import type { EventSource } from '../../src/events/event-source.js';
import type { Frame } from '../../src/protocol/frame.js';
import type { ProcedureInfo } from '../../src/protocol/procedure.js';
import { words } from './fake-procedure.js';

export const REMOTE = 0x20008086;
export const QEMU = 0x20008087;

/** Concatenates byte arrays. */
export function bytes(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, part) => n + part.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

/** An XDR string: length word, ASCII bytes, zero padding to 4. */
export function xdrString(text: string): Uint8Array {
  const padded = new Uint8Array(Math.ceil(text.length / 4) * 4);
  for (let i = 0; i < text.length; i++) padded[i] = text.charCodeAt(i);
  return bytes(words(text.length), padded);
}

/** An optional string (`remote_string`): a present flag, then the string. */
export function xdrOptionalString(text: string | null): Uint8Array {
  return text === null ? words(0) : bytes(words(1), xdrString(text));
}

/** A 16-byte UUID whose bytes are all `fill`. */
export function uuid(fill: number): Uint8Array {
  return new Uint8Array(16).fill(fill);
}

/** `remote_nonnull_domain`: name, uuid[16], id. */
export function xdrDomain(name: string, id = 1, uuidFill = 0x11): Uint8Array {
  return bytes(xdrString(name), uuid(uuidFill), words(id));
}

/** A MESSAGE/OK frame; the daemon uses serial 1 for events, any serial must do. */
export function eventFrame(proc: number, payload: Uint8Array, options: { prog?: number; serial?: number; status?: number } = {}): Frame {
  return {
    header: { prog: options.prog ?? REMOTE, vers: 1, proc, type: 2, serial: options.serial ?? 1, status: options.status ?? 0 },
    nfds: 0,
    payload,
  };
}

/** DOMAIN_EVENT_CALLBACK_LIFECYCLE (318): `{callbackID; {dom; event; detail}}`. */
export function lifecycleFrame(callbackID: number, event: number, detail: number, dom = 'test', serial = 1): Frame {
  return eventFrame(318, bytes(words(callbackID), xdrDomain(dom), words(event, detail)), { serial });
}

/** NETWORK_EVENT_LIFECYCLE (315): `{callbackID; net; event; detail}`. */
export function networkLifecycleFrame(callbackID: number, event: number, net = 'default'): Frame {
  return eventFrame(315, bytes(words(callbackID), xdrString(net), uuid(0x22), words(event, 0)));
}

/** An event source whose replies the test scripts, recording every call made. */
export interface FakeEventSource extends EventSource {
  readonly calls: Array<{ readonly proc: number; readonly args: unknown }>;
}

/**
 * An event source for tests: `frames` are the MESSAGE frames (until `end`), `end` tells the end
 * listeners (also those that come later, as the session does), and `reply(procedure, args)` answers each call.
 */
export function fakeEventSource(
  frames: Observable<Frame>,
  end: Observable<SessionEnd>,
  reply: (procedure: ProcedureInfo, args: unknown) => Observable<unknown>,
): FakeEventSource {
  const calls: Array<{ proc: number; args: unknown }> = [];
  const end$ = new ReplaySubject<SessionEnd>(1);
  end.subscribe(end$);
  const endListeners = new Map<SessionEndListener, Subscription>();
  return {
    calls,
    setEventSink: (sink) => {
      frames.pipe(takeUntil(end$)).subscribe((frame) => sink.route(frame));
    },
    whenEnded: (listener) => {
      const subscription = new Subscription();
      endListeners.set(listener, subscription);
      subscription.add(end$.subscribe((ended) => listener.sessionEnded(ended)));
    },
    removeEndListener: (listener) => {
      endListeners.get(listener)?.unsubscribe();
      endListeners.delete(listener);
    },
    rpc: {
      call: (procedure, args) => {
        calls.push({ proc: procedure.number, args });
        return reply(procedure, args);
      },
    },
  };
}
