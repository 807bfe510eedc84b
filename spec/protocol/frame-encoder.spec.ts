import { FrameDecoder } from '../../src/protocol/frame-decoder.js';
import type { Frame } from '../../src/protocol/frame.js';
import {
  encodeFrame,
  encodeKeepalive,
  encodeKeepalivePing,
  encodeKeepalivePong,
  encodeRawFrame,
  encodeStreamAbort,
  encodeStreamData,
  encodeStreamDataParts,
  encodeStreamEof,
  encodeStreamFinish,
  encodeStreamHole,
} from '../../src/protocol/frame-encoder.js';
import type { StreamId } from '../../src/protocol/frame-encoder.js';
import { FRAME_MAX_LENGTH, FRAME_MIN_LENGTH, KeepaliveProcedure, MessageStatus, MessageType } from '../../src/protocol/message-header.js';
import { ProtocolError, ProtocolErrorReason } from '../../src/protocol/protocol-error.js';
import { decodeStreamHole } from '../../src/protocol/stream-hole.js';
import { XdrError } from '../../src/xdr/xdr-error.js';
import {
  AUTH_LIST_CALL,
  AUTH_LIST_REPLY,
  CALL_WITH_FDS,
  LIFECYCLE_EVENT,
  PING,
  PONG,
  REPLY_WITH_FDS,
  STREAM_ABORT,
  STREAM_DATA,
  STREAM_EOF,
  STREAM_FINISH,
  STREAM_HOLE,
  hex,
} from './fixtures.js';

const DOWNLOAD: StreamId = { prog: 0x2000_8086, vers: 1, proc: 209, serial: 9 };

function decodeOne(bytes: Uint8Array): Frame {
  const frames: Frame[] = [];
  new FrameDecoder((frame) => frames.push(frame)).push(bytes);
  expect(frames).toHaveLength(1);
  return frames[0];
}

function protocolError(run: () => void): ProtocolError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ProtocolError);
    return error as ProtocolError;
  }
  throw new Error('expected a ProtocolError');
}

describe('frame encoders', () => {
  it('encode keepalive PING and PONG byte for byte', () => {
    expect(encodeKeepalivePing()).toEqual(PING.bytes);
    expect(encodeKeepalivePong()).toEqual(PONG.bytes);
    expect(encodeKeepalive(KeepaliveProcedure.PING)).toEqual(PING.bytes);
  });

  it('return a new buffer for every frame', () => {
    expect(encodeKeepalivePing().buffer).not.toBe(encodeKeepalivePing().buffer);
  });

  it('encode a client CALL without payload', () => {
    expect(encodeFrame(AUTH_LIST_CALL.header)).toEqual(AUTH_LIST_CALL.bytes);
  });

  it('encode a server REPLY with an XDR payload', () => {
    const frame = encodeFrame(AUTH_LIST_REPLY.header, (writer) => {
      writer.writeUint(1);
      writer.writeInt(0);
    });
    expect(frame).toEqual(AUTH_LIST_REPLY.bytes);
  });

  it('encode a server MESSAGE (event)', () => {
    const frame = encodeFrame(LIFECYCLE_EVENT.header, (writer) => {
      writer.writeInt(1);
      writer.writeString('vm1', 256);
      writer.writeOpaqueFixed(hex('00112233 44556677 8899aabb ccddeeff'), 16);
      writer.writeInt(-1);
      writer.writeInt(5);
      writer.writeInt(0);
    });
    expect(frame).toEqual(LIFECYCLE_EVENT.bytes);
  });

  it('write the fd count of CALL_WITH_FDS and REPLY_WITH_FDS', () => {
    const call = encodeFrame(CALL_WITH_FDS.header, (writer) => writer.writeRaw(hex('00000000 00000000')), 1);
    expect(call).toEqual(CALL_WITH_FDS.bytes);
    expect(encodeFrame(REPLY_WITH_FDS.header, undefined, 2)).toEqual(REPLY_WITH_FDS.bytes);
    expect(encodeRawFrame(REPLY_WITH_FDS.header, new Uint8Array(0), 2)).toEqual(REPLY_WITH_FDS.bytes);
  });

  it('encode stream data raw, without XDR length or padding', () => {
    const frame = encodeStreamData(DOWNLOAD, hex('68656c6c 6f'));
    expect(frame).toEqual(STREAM_DATA.bytes);
    expect(frame.byteLength).toBe(frame.buffer.byteLength);
  });

  it('encode stream data as a 28-byte header and the caller\'s view itself, not copied', () => {
    const backing = hex('ff 68656c6c 6f ff');
    const data = backing.subarray(1, 6);
    const [header, payload] = encodeStreamDataParts(DOWNLOAD, data);
    // Hand-written: length 33 = 28 + 5; REMOTE, version 1, proc 209, STREAM (3), serial 9, CONTINUE (2).
    expect(header).toEqual(hex('00000021 20008086 00000001 000000d1 00000003 00000009 00000002'));
    expect(payload).toBe(data);
    const joined = new Uint8Array(header.length + payload.length);
    joined.set(header);
    joined.set(payload, header.length);
    expect(joined).toEqual(encodeStreamData(DOWNLOAD, data));
    expect(joined).toEqual(STREAM_DATA.bytes);
  });

  it('refuse stream data parts longer than FRAME_MAX_LENGTH', () => {
    const payload = new Uint8Array(FRAME_MAX_LENGTH - FRAME_MIN_LENGTH + 1);
    expect(protocolError(() => encodeStreamDataParts(DOWNLOAD, payload)).reason).toBe(ProtocolErrorReason.FrameTooLarge);
    expect(encodeStreamDataParts(DOWNLOAD, payload.subarray(1))[0]).toHaveLength(FRAME_MIN_LENGTH);
  });

  it('encode stream EOF, finish and abort', () => {
    expect(encodeStreamEof(DOWNLOAD)).toEqual(STREAM_EOF);
    expect(encodeStreamFinish(DOWNLOAD)).toEqual(STREAM_FINISH);
    expect(encodeStreamAbort(DOWNLOAD)).toEqual(STREAM_ABORT);
  });

  it('encode a stream hole, which decodeStreamHole reads back', () => {
    expect(encodeStreamHole(DOWNLOAD, { length: 0x10_0000n, flags: 0 })).toEqual(STREAM_HOLE.bytes);
    expect(decodeStreamHole(STREAM_HOLE.payload)).toEqual({ length: 0x10_0000n, flags: 0 });
    expect(() => decodeStreamHole(STREAM_HOLE.payload.subarray(0, 8))).toThrow(XdrError);
  });

  it('produce frames the decoder reads back', () => {
    const frame = decodeOne(encodeStreamData(DOWNLOAD, hex('010203')));
    expect(frame.header).toEqual({ ...DOWNLOAD, type: MessageType.STREAM, status: MessageStatus.CONTINUE });
    expect(Array.from(frame.payload)).toEqual([1, 2, 3]);
    expect(decodeOne(encodeFrame(CALL_WITH_FDS.header, undefined, 32)).nfds).toBe(32);
  });

  describe('refuse frames libvirt would reject', () => {
    it('a message type outside 0..6', () => {
      const error = protocolError(() => encodeFrame({ ...AUTH_LIST_CALL.header, type: 7 }));
      expect(error.reason).toBe(ProtocolErrorReason.BadType);
    });

    it('an fd count above 32, or for a type without one', () => {
      expect(protocolError(() => encodeFrame(CALL_WITH_FDS.header, undefined, 33)).reason).toBe(ProtocolErrorReason.BadFdCount);
      expect(protocolError(() => encodeFrame(AUTH_LIST_CALL.header, undefined, 1)).reason).toBe(ProtocolErrorReason.BadFdCount);
      expect(protocolError(() => encodeRawFrame(STREAM_DATA.header, new Uint8Array(1), 1)).reason).toBe(
        ProtocolErrorReason.BadFdCount,
      );
    });

    it('a header field out of its integer range', () => {
      expect(() => encodeFrame({ ...AUTH_LIST_CALL.header, serial: 2 ** 32 })).toThrow(XdrError);
      expect(() => encodeFrame({ ...AUTH_LIST_CALL.header, proc: -(2 ** 31) - 1 })).toThrow(XdrError);
    });

    it('a frame longer than FRAME_MAX_LENGTH, while one of exactly that length is fine', () => {
      const payload = new Uint8Array(FRAME_MAX_LENGTH - FRAME_MIN_LENGTH + 1);
      const raw = protocolError(() => encodeStreamData(DOWNLOAD, payload));
      expect(raw).toMatchObject({ reason: ProtocolErrorReason.FrameTooLarge, length: FRAME_MAX_LENGTH + 1 });
      expect(raw.header).toMatchObject(DOWNLOAD);

      const xdr = protocolError(() => encodeFrame(AUTH_LIST_REPLY.header, (writer) => writer.writeRaw(payload)));
      expect(xdr).toMatchObject({ reason: ProtocolErrorReason.FrameTooLarge, length: FRAME_MAX_LENGTH + 1 });

      expect(encodeStreamData(DOWNLOAD, payload.subarray(1)).byteLength).toBe(FRAME_MAX_LENGTH);
    });
  });
});
