// What the daemon receives as CONNECT_OPEN's name, compared with libvirt's own client
// (python3-libvirt) for the same URIs: both connect to a fake daemon on loopback that answers
// AUTH_LIST and SUPPORTS_FEATURE, records the name in CONNECT_OPEN and refuses it.
import { execFile } from 'node:child_process';
import { createServer, type Server } from 'node:net';
import { parseLibvirtUri } from '../../src/index.js';

const REMOTE = 0x20008086;
const PROC = { open: 1, supportsFeature: 60, authList: 66 } as const;

function reply(proc: number, serial: number, status: number, payload: Buffer): Buffer {
  const frame = Buffer.alloc(28 + payload.length);
  frame.writeUInt32BE(frame.length, 0);
  [REMOTE, 1, proc, 1, serial, status].forEach((word, i) => frame.writeUInt32BE(word, 4 + i * 4));
  payload.copy(frame, 28);
  return frame;
}

/** remote_error with a message, everything else empty. */
function refusal(message: string): Buffer {
  const text = Buffer.from(message);
  const padded = Buffer.alloc(Math.ceil(text.length / 4) * 4);
  text.copy(padded);
  const head = Buffer.alloc(16);
  head.writeInt32BE(1, 0); // VIR_ERR_INTERNAL_ERROR
  head.writeInt32BE(0, 4);
  head.writeUInt32BE(1, 8); // message present
  head.writeUInt32BE(text.length, 12);
  const tail = Buffer.alloc(4 + 4 * 4 + 8 + 4); // level, dom/str1/str2/str3 absent, int1, int2, net absent
  tail.writeInt32BE(2, 0);
  return Buffer.concat([head, padded, tail]);
}

/** A daemon that records every CONNECT_OPEN name it is sent. */
function fakeDaemon(names: string[]): Promise<{ server: Server; port: number }> {
  const server = createServer((socket) => {
    let buffered = Buffer.alloc(0);
    socket.on('error', () => undefined);
    socket.on('data', (chunk) => {
      buffered = Buffer.concat([buffered, chunk]);
      while (buffered.length >= 4 && buffered.length >= buffered.readUInt32BE(0)) {
        const frame = buffered.subarray(0, buffered.readUInt32BE(0));
        buffered = buffered.subarray(frame.length);
        const proc = frame.readInt32BE(12);
        const serial = frame.readUInt32BE(20);
        if (frame.readUInt32BE(4) !== REMOTE) continue;
        if (proc === PROC.authList) socket.write(reply(proc, serial, 0, Buffer.from([0, 0, 0, 1, 0, 0, 0, 0])));
        else if (proc === PROC.supportsFeature) socket.write(reply(proc, serial, 0, Buffer.alloc(4)));
        else if (proc === PROC.open) {
          const length = frame.readUInt32BE(32);
          names.push(frame.subarray(36, 36 + length).toString('utf8'));
          socket.write(reply(proc, serial, 1, refusal('recorded')));
        } else socket.write(reply(proc, serial, 1, refusal('unexpected')));
      }
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, port: (server.address() as { port: number }).port })));
}

const PYTHON = `
import sys, libvirt
libvirt.registerErrorHandler(lambda *args: None, None)
for uri in sys.argv[1:]:
    try:
        libvirt.open(uri)
    except libvirt.libvirtError:
        pass
`;

/** Each URI's path and query, appended to `test+tcp://127.0.0.1:PORT` (or another driver's). */
const CASES: readonly [driver: string, rest: string][] = [
  ['test', '/default'],
  ['qemu', '/system'],
  ['qemu', '/session'],
  ['qemu', '/'],
  ['qemu', ''],
  ['qemu', '/system?no_verify=1&pkipath=/p&keyfile=/k&no_tty=1&known_hosts=/h&mode=legacy&socket=/s&proxy=netcat&netcat=nc&command=ssh&sshauth=agent&tls_priority=NORMAL&known_hosts_verify=ignore&no_sanity=1&authfile=/a'],
  ['qemu', '/system?NO_VERIFY=1&Mode=direct'],
  ['xen', '/system?foo=bar&baz=a%20b&plus=a+b&odd=%7E*()!&empty=&flag'],
  ['qemu', '/system?name=qemu:///session'],
  ['qemu', '/system?foo=1;bar=2'],
  ['qemu', '/system#frag'],
  ['qemu', '/path%20with%20space'],
  ['vbox', '/session?x=%C3%A9'],
  ['remote', '/'],
  ['remote', '/system?foo=bar'],
];

describe("CONNECT_OPEN's name, compared with libvirt's own client", () => {
  it.each([[CASES.length]])('agrees on all %i URIs', async () => {
    const names: string[] = [];
    const { server, port } = await fakeDaemon(names);
    try {
      const uris = CASES.map(([driver, rest]) => `${driver}+tcp://127.0.0.1:${port}${rest}`);
      await new Promise<void>((resolve, reject) => execFile('/usr/bin/python3', ['-c', PYTHON, ...uris], { timeout: 20_000 }, (err) => (err ? reject(err) : resolve())));
      const ours = uris.map((uri) => parseLibvirtUri(uri).openName);
      expect(ours).toEqual(names);
    } finally {
      server.close();
    }
  });
});
