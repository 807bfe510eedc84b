import type { FdPassing } from '../../src/protocol/procedure.js';

export interface FdPassingEntry {
  readonly unit: string;
  readonly number: number;
  /** Procedure name without its prefix, checked against the `.x` file to catch typos. */
  readonly stem: string;
  readonly fds: FdPassing;
}

/**
 * Procedures that pass file descriptors (SCM_RIGHTS). libvirt does not annotate these in the
 * `.x` files (its hand-written client and server code decides), so the list is kept here.
 */
export const FD_PASSING: readonly FdPassingEntry[] = [
  { unit: 'remote', number: 249, stem: 'DOMAIN_OPEN_GRAPHICS', fds: 'call' },
  { unit: 'remote', number: 309, stem: 'DOMAIN_CREATE_XML_WITH_FILES', fds: 'call' },
  { unit: 'remote', number: 310, stem: 'DOMAIN_CREATE_WITH_FILES', fds: 'call' },
  { unit: 'remote', number: 343, stem: 'DOMAIN_OPEN_GRAPHICS_FD', fds: 'reply' },
  { unit: 'remote', number: 443, stem: 'DOMAIN_FD_ASSOCIATE', fds: 'call' },
  { unit: 'lxc', number: 1, stem: 'DOMAIN_OPEN_NAMESPACE', fds: 'reply' },
  { unit: 'qemu', number: 7, stem: 'DOMAIN_MONITOR_COMMAND_WITH_FILES', fds: 'both' },
];
