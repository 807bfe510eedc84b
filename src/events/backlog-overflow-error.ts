import { RxvirtError } from '../errors/rxvirt-error.js';

/**
 * A consumer fell further behind its event source than its backlog allows (see
 * `boundedConcatMap`). Events were lost: resynchronise from a full listing, then resubscribe.
 */
export class BacklogOverflowError extends RxvirtError {
  override name: string = 'BacklogOverflowError';
  constructor(
    /** The backlog's limit, in values waiting behind the one being processed. */
    readonly limit: number,
  ) {
    super(`more than ${limit} values waiting for a slow consumer`);
  }
}
