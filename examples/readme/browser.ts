import { connectWebSocket } from 'rxvirt'; // in a page's bundle, the browser entry
import { parseTokens, startGateway } from 'rxvirt/gateway';
import { randomBytes } from 'node:crypto';
import { firstValueFrom, lastValueFrom } from 'rxjs';

// The relay, `rxvirt gateway`, here in the same process (and on a free port) for the sample's sake.
const token = randomBytes(24).toString('hex');
const gateway = await startGateway({ port: 0, tokens: parseTokens(`monitor read-only ${token}`, 'sample'), log: console.log });

// What a page does (its token from its user): the same call, through the relay.
const conn = await firstValueFrom(connectWebSocket(gateway.url, { token, uri: 'test:///default' }));
console.log(await firstValueFrom(conn.connectGetHostname()));
await lastValueFrom(conn.close(), { defaultValue: undefined });
await gateway.close();
