import type { Observable } from 'rxjs';
import type { ProcedureInfo, StreamDirection } from '../protocol/procedure.js';
import { DownloadStream } from './download-stream.js';
import { DuplexStream } from './duplex-stream.js';
import type { StreamRegistry } from './stream-registry.js';
import { UploadStream } from './upload-stream.js';

/** The handle a stream-opening procedure's method returns (every kind is an Observable); nothing is sent until it is used. */
export function openStream(registry: StreamRegistry, procedure: ProcedureInfo, direction: StreamDirection, args: unknown): Observable<unknown> {
  const opening = { registry, procedure, args };
  switch (direction) {
    case 'read':
      return new DownloadStream(opening);
    case 'write':
      return new UploadStream(opening);
    case 'both':
      return new DuplexStream(opening);
  }
}
