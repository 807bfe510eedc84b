// List every domain with its state, through the object layer: `conn.objects` hands out Domains,
// whose methods take the domain as their first argument.
import { firstValueFrom, from, lastValueFrom, mergeMap, toArray } from 'rxjs';
import { connect, symbolicName, virDomainState } from '../src/index.js';

export interface DomainRow {
  readonly name: string;
  /** -1 when the domain is not running. */
  readonly id: number;
  readonly state: string | undefined;
}

export async function listDomains(uri = 'test+unix:///default'): Promise<DomainRow[]> {
  const conn = await firstValueFrom(connect(uri, { readOnly: true }));
  try {
    const { domains } = await firstValueFrom(conn.objects.connectListAllDomains());
    // One getState call per domain, all in flight at once on the one connection.
    const rows = await lastValueFrom(
      from(domains).pipe(
        mergeMap(async (dom): Promise<DomainRow> => {
          const { state } = await firstValueFrom(dom.getState());
          return { name: dom.name, id: dom.id, state: symbolicName(virDomainState, state) };
        }),
        toArray(),
      ),
    );
    for (const row of rows) console.log(`${String(row.id).padStart(3)}  ${row.name.padEnd(20)} ${row.state}`);
    return rows;
  } finally {
    await lastValueFrom(conn.close(), { defaultValue: undefined });
  }
}
