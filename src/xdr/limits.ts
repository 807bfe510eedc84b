/** The largest value of an XDR `unsigned int`. */
export const UINT32_MAX = 0xffff_ffff;
/** Range of an XDR `int`. */
export const INT32_MIN = -0x8000_0000;
export const INT32_MAX = 0x7fff_ffff;
/** Range of an XDR `hyper` and `unsigned hyper`. */
export const INT64_MIN = -(1n << 63n);
export const INT64_MAX = (1n << 63n) - 1n;
export const UINT64_MAX = (1n << 64n) - 1n;

/**
 * Upper bound for a declaration without a maximum (`string<>`, `opaque<>`, `T<>`): no value can be
 * longer than the largest libvirt message (`VIR_NET_MESSAGE_MAX`, 32 MiB), so that is the limit.
 */
export const UNBOUNDED = 33_554_432;

/** Bytes of padding that follow `length` bytes to reach the next 4-byte boundary. */
export function padding(length: number): number {
  return (4 - (length & 3)) & 3;
}
