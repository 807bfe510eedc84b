// UTF-8 helpers shared by the reader and writer. TextDecoder/TextEncoder exist in Node and in
// browsers alike, so the XDR layer needs no `node:` import.

// ignoreBOM keeps a leading U+FEFF: the default would silently drop it from the value.
const decoder = new TextDecoder('utf-8', { ignoreBOM: true });
export const utf8Encoder = new TextEncoder();

/** Below this length a plain loop beats the TextDecoder call overhead for ASCII text. */
const SHORT_STRING = 24;

/** Decodes `bytes[start, end)` as UTF-8 (invalid sequences become U+FFFD, as libvirt's strings are C strings). */
export function decodeUtf8(bytes: Uint8Array, start: number, end: number): string {
  if (end - start <= SHORT_STRING) {
    let out = '';
    for (let i = start; i < end; i++) {
      const byte = bytes[i];
      if (byte >= 0x80) return decoder.decode(bytes.subarray(start, end));
      out += String.fromCharCode(byte);
    }
    return out;
  }
  return decoder.decode(bytes.subarray(start, end));
}
