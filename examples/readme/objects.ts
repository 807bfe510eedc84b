import { connect, Domain, onRegistered } from 'rxvirt';
import { firstValueFrom, lastValueFrom, take, timeout } from 'rxjs';

const conn = await firstValueFrom(connect()); // $LIBVIRT_DEFAULT_URI: test+unix:///default, say

const dom = await firstValueFrom(conn.domain('test'));                             // a Domain: by name, UUID or id
await firstValueFrom(dom.suspend());                                               // DOMAIN_SUSPEND
await firstValueFrom(dom.resume());                                                // DOMAIN_RESUME
const xml = await firstValueFrom(dom.getXmlDesc());                                // DOMAIN_GET_XML_DESC
const { domains } = await firstValueFrom(conn.connectListAllDomains());           // Domain[]
const memory = await firstValueFrom(dom.getMemoryParameters());                    // { hard_limit: 9007199254740991n, ... }
const { stateName } = await firstValueFrom(dom.getState());                        // 'VIR_DOMAIN_RUNNING'

const pool = await firstValueFrom(conn.storagePool('default-pool'));
const vol = await firstValueFrom(
  pool.volCreateXml({ xml: "<volume><name>scratch.img</name><capacity unit='MiB'>1</capacity></volume>" }),
);                                                                                 // a StorageVol
const { vols } = await firstValueFrom(pool.listAllVolumes());                     // StorageVol[]
console.log(xml.length, domains.length, memory.hard_limit, stateName, vols.map((v) => v.name), await firstValueFrom(vol.getPath()));
await firstValueFrom(vol.delete());

// Events carry objects too: the event's `dom` is a Domain of this connection.
const event = await lastValueFrom(
  conn.events
    .domain('lifecycle', { dom, registered: true })
    .pipe(onRegistered(() => dom.suspend().subscribe()), take(1), timeout(10_000)),
);
console.log(event.dom instanceof Domain, event.eventName);
await firstValueFrom(event.dom.resume());

await lastValueFrom(conn.close(), { defaultValue: undefined });
