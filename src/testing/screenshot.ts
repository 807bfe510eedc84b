/** The MIME type libvirtd's test driver gives its screenshots. */
export const SCREENSHOT_MIME = 'image/png';

/** A valid 1×1 transparent PNG (signature, IHDR, IDAT, IEND with correct CRCs): the fake's screen. */
export const SCREENSHOT_PNG: Uint8Array = Uint8Array.from(
  '89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000a49444154789c63000100000500010d0a2db40000000049454e44ae426082'
    .match(/../g) ?? [],
  (hex) => parseInt(hex, 16),
);
