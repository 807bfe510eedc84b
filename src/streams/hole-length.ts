/** A hole's length as a number of bytes to skip or fill; a RangeError beyond what a file offset can be. */
export function holeLength(length: bigint): number {
  if (length < 0n || length > BigInt(Number.MAX_SAFE_INTEGER)) throw new RangeError(`a hole of ${length} bytes`);
  return Number(length);
}
