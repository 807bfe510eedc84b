import { RxvirtError } from '../errors/rxvirt-error.js';

/**
 * More event frames arrived for a registration whose register call was still unanswered than the
 * connection holds for it (see `EventRouter.expect`). The subscription fails rather than lose
 * its first events silently; subscribing again registers anew.
 */
export class EventHoldOverflowError extends RxvirtError {
  constructor(
    /** The procedure whose events were held. */
    readonly procedure: string,
    /** How many frames the connection holds for registrations in flight, per procedure. */
    readonly limit: number,
  ) {
    super(`more than ${limit} ${procedure} events arrived before the daemon answered the register call`);
  }
}
