import { FakeDaemon } from 'rxvirt/testing';
import { firstValueFrom, forkJoin } from 'rxjs';

const daemon = new FakeDaemon();
const conn = await firstValueFrom(daemon.connect()); // the real client stack, no socket
daemon.faults.reorderReplies(3);        // or dropAfterFrames(n, 'stream'), sendBadLengthWord(27), ignorePings()...
// The three replies come back last-first; each call still gets its own.
const [host, version, uri] = await firstValueFrom(
  forkJoin([conn.connectGetHostname(), conn.connectGetLibVersion(), conn.connectGetUri()]),
);
console.log(host, version, uri);
daemon.close();                          // drops connections, stops timers
