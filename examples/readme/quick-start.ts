import { connect, LibvirtError } from 'rxvirt';
import { concatMap, firstValueFrom, lastValueFrom } from 'rxjs';

const conn = await firstValueFrom(connect('test+unix:///default'));

// Methods are named after the procedure: REMOTE_PROC_CONNECT_GET_LIB_VERSION → connectGetLibVersion.
const version: bigint = await firstValueFrom(conn.connectGetLibVersion()); // 9000000n

// Arguments are the .x struct's fields; a reply with one field emits that field. A trailing
// `flags` may be left out (0, libvirt's default behaviour), and so may `need_results` (1).
const { domains } = await firstValueFrom(conn.connectListAllDomains());
const xml = await firstValueFrom(
  conn.domainLookupByName({ name: 'test' }).pipe(concatMap((dom) => conn.domainGetXmlDesc({ dom }))),
);
console.log(version, domains.map((dom) => dom.name).join(' '), xml.length);

// Daemon errors carry every field of libvirt's error, with symbolic names.
try {
  await firstValueFrom(conn.domainLookupByName({ name: 'missing' }));
} catch (err) {
  if (err instanceof LibvirtError && err.codeName === 'VIR_ERR_NO_DOMAIN') console.log(err.libvirtMessage);
  else throw err;
}

await lastValueFrom(conn.close(), { defaultValue: undefined });
