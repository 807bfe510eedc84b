// Frames written out by hand from libvirt's wire format (virnetprotocol.x, remote_protocol.x),
// independently of the encoder under test. Each line of hex is one 4-byte word.

/** Parses hex text, ignoring whitespace. */
export function hex(text: string): Uint8Array {
  const digits = text.replace(/\s+/g, '');
  if (digits.length % 2 !== 0) throw new Error(`odd number of hex digits in ${text}`);
  const bytes = new Uint8Array(digits.length / 2);
  for (let i = 0; i < bytes.length; i++) bytes[i] = parseInt(digits.slice(i * 2, i * 2 + 2), 16);
  return bytes;
}

export function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

const REMOTE = 0x2000_8086;

export interface Fixture {
  readonly name: string;
  readonly bytes: Uint8Array;
  readonly header: { prog: number; vers: number; proc: number; type: number; serial: number; status: number };
  readonly nfds: number;
  readonly payload: Uint8Array;
}

/** Keepalive PING, as quoted in libvirt's documentation and seen from the daemon. */
export const PING: Fixture = {
  name: 'keepalive PING',
  bytes: hex(`
    0000001c
    6b656570 00000001 00000001 00000002 00000000 00000000`),
  header: { prog: 0x6b65_6570, vers: 1, proc: 1, type: 2, serial: 0, status: 0 },
  nfds: 0,
  payload: new Uint8Array(0),
};

export const PONG: Fixture = {
  name: 'keepalive PONG',
  bytes: hex(`
    0000001c
    6b656570 00000001 00000002 00000002 00000000 00000000`),
  header: { prog: 0x6b65_6570, vers: 1, proc: 2, type: 2, serial: 0, status: 0 },
  nfds: 0,
  payload: new Uint8Array(0),
};

/** CALL REMOTE_PROC_AUTH_LIST (66), serial 7, no arguments. */
export const AUTH_LIST_CALL: Fixture = {
  name: 'AUTH_LIST call',
  bytes: hex(`
    0000001c
    20008086 00000001 00000042 00000000 00000007 00000000`),
  header: { prog: REMOTE, vers: 1, proc: 66, type: 0, serial: 7, status: 0 },
  nfds: 0,
  payload: new Uint8Array(0),
};

/** REPLY/OK to AUTH_LIST, serial 7: `remote_auth_list_ret { types<20> }` = [NONE]. */
export const AUTH_LIST_REPLY: Fixture = {
  name: 'AUTH_LIST reply',
  bytes: hex(`
    00000024
    20008086 00000001 00000042 00000001 00000007 00000000
    00000001 00000000`),
  header: { prog: REMOTE, vers: 1, proc: 66, type: 1, serial: 7, status: 0 },
  nfds: 0,
  payload: hex('00000001 00000000'),
};

/** Domain lifecycle event (proc 318), serial 1 as the daemon sends it: callbackID 1, dom "vm1", STOPPED/SHUTDOWN. */
export const LIFECYCLE_EVENT: Fixture = {
  name: 'lifecycle event',
  bytes: hex(`
    00000044
    20008086 00000001 0000013e 00000002 00000001 00000000
    00000001
    00000003 766d3100
    00112233 44556677 8899aabb ccddeeff
    ffffffff
    00000005 00000000`),
  header: { prog: REMOTE, vers: 1, proc: 318, type: 2, serial: 1, status: 0 },
  nfds: 0,
  payload: hex(`
    00000001
    00000003 766d3100
    00112233 44556677 8899aabb ccddeeff
    ffffffff
    00000005 00000000`),
};

/** STORAGE_VOL_DOWNLOAD (209) stream data, serial 9: "hello", raw and unpadded. */
export const STREAM_DATA: Fixture = {
  name: 'stream data',
  bytes: hex(`
    00000021
    20008086 00000001 000000d1 00000003 00000009 00000002
    68656c6c 6f`),
  header: { prog: REMOTE, vers: 1, proc: 209, type: 3, serial: 9, status: 2 },
  nfds: 0,
  payload: hex('68656c6c 6f'),
};

/** STREAM_HOLE/CONTINUE on the same stream: `virNetStreamHole { hyper length = 1 MiB; flags = 0 }`. */
export const STREAM_HOLE: Fixture = {
  name: 'stream hole',
  bytes: hex(`
    00000028
    20008086 00000001 000000d1 00000006 00000009 00000002
    00000000 00100000 00000000`),
  header: { prog: REMOTE, vers: 1, proc: 209, type: 6, serial: 9, status: 2 },
  nfds: 0,
  payload: hex('00000000 00100000 00000000'),
};

/** Empty STREAM/CONTINUE from the server: EOF. */
export const STREAM_EOF = hex(`
  0000001c
  20008086 00000001 000000d1 00000003 00000009 00000002`);
/** Empty STREAM/OK: finish. */
export const STREAM_FINISH = hex(`
  0000001c
  20008086 00000001 000000d1 00000003 00000009 00000000`);
/** Empty STREAM/ERROR: abort. */
export const STREAM_ABORT = hex(`
  0000001c
  20008086 00000001 000000d1 00000003 00000009 00000001`);

/** CALL_WITH_FDS DOMAIN_OPEN_GRAPHICS (249), serial 4, one fd; args elided to two words. */
export const CALL_WITH_FDS: Fixture = {
  name: 'CALL_WITH_FDS',
  bytes: hex(`
    00000028
    20008086 00000001 000000f9 00000004 00000004 00000000
    00000001
    00000000 00000000`),
  header: { prog: REMOTE, vers: 1, proc: 249, type: 4, serial: 4, status: 0 },
  nfds: 1,
  payload: hex('00000000 00000000'),
};

/** REPLY_WITH_FDS to LXC_PROC_DOMAIN_OPEN_NAMESPACE (LXC program, proc 1), serial 3, two fds, empty ret. */
export const REPLY_WITH_FDS: Fixture = {
  name: 'REPLY_WITH_FDS',
  bytes: hex(`
    00000020
    00068000 00000001 00000001 00000005 00000003 00000000
    00000002`),
  header: { prog: 0x0006_8000, vers: 1, proc: 1, type: 5, serial: 3, status: 0 },
  nfds: 2,
  payload: new Uint8Array(0),
};

export const FIXTURES: readonly Fixture[] = [
  PING,
  PONG,
  AUTH_LIST_CALL,
  AUTH_LIST_REPLY,
  LIFECYCLE_EVENT,
  STREAM_DATA,
  STREAM_HOLE,
  CALL_WITH_FDS,
  REPLY_WITH_FDS,
];

/** A frame as plain data, for comparisons that ignore where its bytes live. */
export function plain(frame: { header: object; nfds: number; payload: Uint8Array }): {
  header: object;
  nfds: number;
  payload: number[];
} {
  return { header: { ...frame.header }, nfds: frame.nfds, payload: Array.from(frame.payload) };
}

export function expected(fixture: Fixture): ReturnType<typeof plain> {
  return plain(fixture);
}
