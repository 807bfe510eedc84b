import { connect, Domain } from 'rxvirt';
import { firstValueFrom, lastValueFrom } from 'rxjs';

const conn = await firstValueFrom(connect()); // $LIBVIRT_DEFAULT_URI: test+unix:///default, say

const dom = await firstValueFrom(conn.objects.domainLookupByName({ name: 'test' })); // a Domain
await firstValueFrom(dom.suspend());                                               // DOMAIN_SUSPEND
await firstValueFrom(dom.resume());                                                // DOMAIN_RESUME
const xml = await firstValueFrom(dom.getXmlDesc());                                // DOMAIN_GET_XML_DESC

const pool = await firstValueFrom(conn.objects.storagePoolLookupByName({ name: 'default-pool' }));
const vol = await firstValueFrom(
  pool.volCreateXml({ xml: "<volume><name>scratch.img</name><capacity unit='MiB'>1</capacity></volume>" }),
);                                                                                 // a StorageVol
const { vols } = await firstValueFrom(pool.listAllVolumes());                     // StorageVol[]
console.log(xml.length, vols.map((v) => v.name), await firstValueFrom(vol.getPath()));
await firstValueFrom(vol.delete());

const ref = await firstValueFrom(conn.domainLookupByName({ name: 'test' }));      // a plain reference
const same = Domain.from(conn, ref);                                               // from the flat API or an event
console.log(same instanceof Domain, same.name);

await lastValueFrom(conn.close(), { defaultValue: undefined });
