// The README's quick start, type-checked by `npm run lint` and run by spec/integration/examples.spec.ts.
import { concatMap, firstValueFrom, lastValueFrom } from 'rxjs';
import { connect, LibvirtError } from '../src/index.js';

export async function quickStart(uri = 'test+unix:///default'): Promise<void> {
  const conn = await firstValueFrom(connect(uri));

  const version: bigint = await firstValueFrom(conn.connectGetLibVersion());
  console.log('libvirt', version);

  const { domains } = await firstValueFrom(conn.connectListAllDomains());
  console.log('domains', domains.map((dom) => dom.name));

  const xml = await firstValueFrom(
    conn.domainLookupByName({ name: 'test' }).pipe(concatMap((dom) => conn.domainGetXmlDesc({ dom }))),
  );
  console.log(xml.split('\n')[0]);

  try {
    await firstValueFrom(conn.domainLookupByName({ name: 'missing' }));
  } catch (err) {
    if (err instanceof LibvirtError && err.codeName === 'VIR_ERR_NO_DOMAIN') console.log('no such domain:', err.libvirtMessage);
    else throw err;
  }

  await lastValueFrom(conn.close(), { defaultValue: undefined });
}
