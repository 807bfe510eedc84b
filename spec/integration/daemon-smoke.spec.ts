// Proves the CI daemon answers on its unix socket, with bytes written out by hand from
// libvirt's wire format (independent of rxvirt's own encoders).
import type { Socket } from 'node:net';
import { openRawSocket, readOneFrame } from '../support/daemon.js';

const REMOTE_PROGRAM = 0x20008086;
const REMOTE_PROC_AUTH_LIST = 66;

describe('the libvirt daemon used by the integration tests', () => {
  let socket: Socket;
  beforeAll(async () => {
    socket = await openRawSocket();
  });
  afterAll(() => socket?.destroy());

  it('answers AUTH_LIST with a REPLY/OK listing auth type NONE', async () => {
    const call = Buffer.alloc(28);
    call.writeUInt32BE(28, 0); // length word counts itself
    call.writeUInt32BE(REMOTE_PROGRAM, 4);
    call.writeUInt32BE(1, 8); // version
    call.writeInt32BE(REMOTE_PROC_AUTH_LIST, 12);
    call.writeInt32BE(0, 16); // CALL
    call.writeUInt32BE(7, 20); // serial
    call.writeInt32BE(0, 24); // OK
    socket.write(call);

    const reply = await readOneFrame(socket);
    expect(reply.readUInt32BE(4)).toBe(REMOTE_PROGRAM);
    expect(reply.readInt32BE(12)).toBe(REMOTE_PROC_AUTH_LIST);
    expect(reply.readInt32BE(16)).toBe(1); // REPLY
    expect(reply.readUInt32BE(20)).toBe(7); // serial echoed
    expect(reply.readInt32BE(24)).toBe(0); // OK
    // remote_auth_list_ret: types<REMOTE_AUTH_TYPE_LIST_MAX>, root on the unix socket gets [NONE]
    expect(reply.readUInt32BE(28)).toBe(1);
    expect(reply.readInt32BE(32)).toBe(0);
  });
});
