// Wire constants of libvirt's RPC framing (virnetprotocol.x, virkeepaliveprotocol.x). The code
// generator emits the program numbers too; these hand-written ones belong to the frame layer so
// that it depends on nothing generated.

/** `virNetMessageType`: what a frame is. */
export const MessageType = {
  CALL: 0,
  REPLY: 1,
  /** One-way message: an event from the daemon, or a keepalive PING/PONG. */
  MESSAGE: 2,
  STREAM: 3,
  /** A CALL followed by file descriptors: the header is followed by a u32 count of them. */
  CALL_WITH_FDS: 4,
  /** A REPLY followed by file descriptors: the header is followed by a u32 count of them. */
  REPLY_WITH_FDS: 5,
  /** A hole in a sparse stream; the payload is `virNetStreamHole`. */
  STREAM_HOLE: 6,
} as const;
export type MessageType = (typeof MessageType)[keyof typeof MessageType];

/** `virNetMessageStatus`. */
export const MessageStatus = {
  OK: 0,
  ERROR: 1,
  /** More stream data follows (STREAM and STREAM_HOLE frames). */
  CONTINUE: 2,
} as const;
export type MessageStatus = (typeof MessageStatus)[keyof typeof MessageStatus];

/** RPC program numbers. Every program is at version {@link PROGRAM_VERSION}. */
export const Program = {
  REMOTE: 0x2000_8086,
  QEMU: 0x2000_8087,
  LXC: 0x0006_8000,
  /** Served on the admin socket only. */
  ADMIN: 0x0690_0690,
  /** "keep" in ASCII. */
  KEEPALIVE: 0x6b65_6570,
} as const;

/** The version of every libvirt RPC program, keepalive included. */
export const PROGRAM_VERSION = 1;

/** Procedures of the KEEPALIVE program; both are MESSAGE frames without payload. */
export const KeepaliveProcedure = {
  PING: 1,
  PONG: 2,
} as const;
export type KeepaliveProcedure = (typeof KeepaliveProcedure)[keyof typeof KeepaliveProcedure];

/**
 * `virNetMessageHeader`. The fields are numbers as they are on the wire: `prog`, `vers` and
 * `serial` are unsigned 32-bit, `proc`, `type` and `status` signed 32-bit (`type` and `status`
 * hold {@link MessageType} and {@link MessageStatus} values once a frame has been decoded).
 */
export interface MessageHeader {
  readonly prog: number;
  readonly vers: number;
  readonly proc: number;
  readonly type: number;
  readonly serial: number;
  readonly status: number;
}

/** Bytes of the length word that starts every frame (and that counts itself). */
export const LENGTH_WORD_SIZE = 4;
/** Bytes of {@link MessageHeader} on the wire. */
export const HEADER_SIZE = 24;
/** Bytes of the file descriptor count that follows the header of `*_WITH_FDS` frames. */
export const NFDS_WORD_SIZE = 4;
/** `VIR_NET_MESSAGE_MAX`: the largest frame, not counting its length word. */
export const MESSAGE_MAX = 33_554_432;
/** The smallest legal length word: the length word plus the header, no payload. */
export const FRAME_MIN_LENGTH = LENGTH_WORD_SIZE + HEADER_SIZE;
/** The largest legal length word (libvirt rejects `length - 4 > VIR_NET_MESSAGE_MAX`). */
export const FRAME_MAX_LENGTH = LENGTH_WORD_SIZE + MESSAGE_MAX;
/**
 * `VIR_NET_MESSAGE_LEGACY_PAYLOAD_MAX`: the stream data chunk libvirt sends and expects. Larger
 * raw chunks are legal up to the frame limit, but this is what the daemon itself uses.
 */
export const STREAM_CHUNK_MAX = 262_120;
/** `VIR_NET_MESSAGE_NUM_FDS_MAX`: the most file descriptors one frame may carry. */
export const NUM_FDS_MAX = 32;

/** Whether frames of this type carry a file descriptor count after the header. */
export function hasFdCount(type: number): boolean {
  return type === MessageType.CALL_WITH_FDS || type === MessageType.REPLY_WITH_FDS;
}

/** Whether `type` is one of the {@link MessageType} values. */
export function isMessageType(type: number): type is MessageType {
  return Number.isInteger(type) && type >= MessageType.CALL && type <= MessageType.STREAM_HOLE;
}

/** The header as text for error messages and logs, e.g. `prog 0x20008086 vers 1 proc 66 type 1 serial 7 status 0`. */
export function formatHeader(header: MessageHeader): string {
  const { prog, vers, proc, type, serial, status } = header;
  return `prog 0x${prog.toString(16).padStart(8, '0')} vers ${vers} proc ${proc} type ${type} serial ${serial} status ${status}`;
}
