// The foundation on its own: only the generated codecs, the frame encoder and the frame decoder,
// over a raw unix socket to the daemon (no connection layer).
import type { Socket } from 'node:net';
import {
  decodeRemoteAuthListRet,
  decodeRemoteConnectGetLibVersionRet,
  encodeRemoteConnectOpenArgs,
} from '../../src/generated/remote/codecs.js';
import { REMOTE_PROGRAM, REMOTE_PROTOCOL_VERSION, remote_auth_type, remote_procedure } from '../../src/generated/remote/constants.js';
import type { Frame } from '../../src/protocol/frame.js';
import { FrameDecoder } from '../../src/protocol/frame-decoder.js';
import { encodeFrame } from '../../src/protocol/frame-encoder.js';
import { MessageStatus, MessageType } from '../../src/protocol/message-header.js';
import { XdrReader } from '../../src/xdr/reader.js';
import type { XdrWriter } from '../../src/xdr/writer.js';
import { openRawSocket } from '../support/daemon.js';
import { virshDaemonVersion } from '../support/virsh.js';

describe('generated codecs and framer against the daemon', () => {
  let socket: Socket;
  const frames: Frame[] = [];
  let waiting: ((frame: Frame) => void) | undefined;

  beforeAll(async () => {
    socket = await openRawSocket();
    const decoder = new FrameDecoder((frame) => {
      if (waiting) {
        const resolve = waiting;
        waiting = undefined;
        resolve(frame);
      } else frames.push(frame);
    });
    socket.on('data', (chunk) => decoder.push(chunk));
  });
  afterAll(() => socket.destroy());

  function call(proc: number, serial: number, writeArgs?: (w: XdrWriter) => void): Promise<Frame> {
    const reply = new Promise<Frame>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no reply to procedure ${proc}`)), 5_000);
      waiting = (frame) => {
        clearTimeout(timer);
        resolve(frame);
      };
    });
    socket.write(
      encodeFrame(
        { prog: REMOTE_PROGRAM, vers: REMOTE_PROTOCOL_VERSION, proc, type: MessageType.CALL, serial, status: MessageStatus.OK },
        writeArgs,
      ),
    );
    return reply;
  }

  it('runs AUTH_LIST, CONNECT_OPEN(test:///default) and CONNECT_GET_LIB_VERSION', async () => {
    const authList = await call(remote_procedure.REMOTE_PROC_AUTH_LIST, 1);
    expect(authList.header).toMatchObject({ type: MessageType.REPLY, status: MessageStatus.OK, serial: 1 });
    expect(decodeRemoteAuthListRet(new XdrReader(authList.payload)).types).toEqual([remote_auth_type.REMOTE_AUTH_NONE]);

    const open = await call(remote_procedure.REMOTE_PROC_CONNECT_OPEN, 2, (w) =>
      encodeRemoteConnectOpenArgs(w, { name: 'test:///default', flags: 0 }),
    );
    expect(open.header).toMatchObject({ type: MessageType.REPLY, status: MessageStatus.OK, serial: 2 });
    expect(open.payload).toHaveLength(0);

    const version = await call(remote_procedure.REMOTE_PROC_CONNECT_GET_LIB_VERSION, 3);
    expect(version.header).toMatchObject({ status: MessageStatus.OK, serial: 3 });
    const reader = new XdrReader(version.payload);
    expect(decodeRemoteConnectGetLibVersionRet(reader).lib_ver).toBe(virshDaemonVersion('test+unix:///default'));
    reader.expectEnd();
  });
});
