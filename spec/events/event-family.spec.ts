import { uuidKey } from '../../src/events/event-family.js';

describe('uuidKey', () => {
  it('is the lower-case hex of the 16 bytes, two digits each', () => {
    const uuid = Uint8Array.from([0x00, 0x01, 0x0f, 0x10, 0xf0, 0xff, 0x80, 0x7f, 0x09, 0x0a, 0xab, 0xcd, 0xef, 0x12, 0x34, 0x56]);
    expect(uuidKey(uuid)).toBe('00010f10f0ff807f090aabcdef123456');
  });

  it('refuses anything but 16 bytes in a Uint8Array', () => {
    expect(() => uuidKey(new Uint8Array(15))).toThrow(TypeError);
    expect(() => uuidKey([...new Uint8Array(16)] as unknown as Uint8Array)).toThrow(TypeError);
  });
});
