import { RxvirtError } from '../errors/rxvirt-error.js';

/** The daemon stayed silent through every keepalive ping: the connection is taken for dead and closed. */
export class KeepaliveTimeoutError extends RxvirtError {
  override name: string = 'KeepaliveTimeoutError';
  constructor(
    /** Seconds between pings. */
    readonly interval: number,
    /** Unanswered pings tolerated. */
    readonly count: number,
  ) {
    super(`no answer from the daemon after ${count} keepalive pings ${interval} s apart: connection closed due to keepalive timeout`);
  }
}
