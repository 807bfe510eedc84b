import type { ProcedureInfo } from '../protocol/procedure.js';

/**
 * How to ask the daemon for one kind of event and how it arrives: the register call and its
 * arguments, the matching deregister call, and the MESSAGE procedure that carries the events.
 */
export interface EventRegistration<Msg> {
  readonly register: ProcedureInfo;
  readonly registerArgs: unknown;
  readonly deregister: ProcedureInfo;
  /** Deregister arguments for the callback ID the register call returned. */
  readonly deregisterArgs: (callbackID: number) => unknown;
  readonly message: ProcedureInfo<unknown, unknown, Msg>;
  /**
   * `callbackID`: the register reply is the callback ID that starts every event payload.
   * `procedure`: neither has one (the connection-close event): the procedure alone routes it.
   */
  readonly routedBy: 'callbackID' | 'procedure';
}
