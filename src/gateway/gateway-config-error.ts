import { RxvirtError } from '../errors/rxvirt-error.js';

/** The gateway cannot start as configured: a malformed token list, a bad option, an unreadable file. */
export class GatewayConfigError extends RxvirtError {
  override name: string = 'GatewayConfigError';
}
