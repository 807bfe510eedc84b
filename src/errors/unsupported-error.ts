import { RxvirtError } from './rxvirt-error.js';

/** Something libvirt offers that rxvirt cannot do here (e.g. passing file descriptors: Node has no SCM_RIGHTS). */
export class UnsupportedError extends RxvirtError {
  override name: string = 'UnsupportedError';
  constructor(
    /** What was asked for: a procedure name, an auth type, ... */
    readonly feature: string,
    reason: string,
  ) {
    super(`${feature}: ${reason}`);
  }
}
