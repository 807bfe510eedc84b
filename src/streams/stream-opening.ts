import type { ProcedureInfo } from '../protocol/procedure.js';
import type { StreamRegistry } from './stream-registry.js';

/** Everything needed to open one stream, again at every subscription: the session's registry, the call and its arguments. */
export interface StreamOpening {
  readonly registry: StreamRegistry;
  readonly procedure: ProcedureInfo;
  readonly args: unknown;
}
