import { XdrReader } from '../xdr/reader.js';
import type { XdrWriter } from '../xdr/writer.js';

/** `virNetStreamHole`, the payload of a STREAM_HOLE frame: `length` bytes of zeros are skipped. */
export interface StreamHole {
  /** XDR `hyper`. */
  readonly length: bigint;
  /** XDR `unsigned int`; libvirt sends 0. */
  readonly flags: number;
}

export function writeStreamHole(writer: XdrWriter, hole: StreamHole): void {
  writer.writeHyper(hole.length);
  writer.writeUint(hole.flags);
}

/** Decodes a STREAM_HOLE payload; throws an `XdrError` unless it is exactly one `virNetStreamHole`. */
export function decodeStreamHole(payload: Uint8Array): StreamHole {
  const reader = new XdrReader(payload);
  const hole = { length: reader.readHyper(), flags: reader.readUint() };
  reader.expectEnd();
  return hole;
}
