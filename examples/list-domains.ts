// List every domain with its state: the list hands out Domains, whose methods take the domain as
// their first argument, and `getState` names the state beside its number.
import { firstValueFrom, from, lastValueFrom, mergeMap, toArray } from 'rxjs';
import { connect } from '../src/index.js';

export interface DomainRow {
  readonly name: string;
  /** -1 when the domain is not running. */
  readonly id: number;
  readonly state: string | undefined;
}

export async function listDomains(uri = 'test+unix:///default'): Promise<DomainRow[]> {
  const conn = await firstValueFrom(connect(uri, { readOnly: true }));
  try {
    const { domains } = await firstValueFrom(conn.connectListAllDomains());
    // One getState call per domain, all in flight at once on the one connection.
    const rows = await lastValueFrom(
      from(domains).pipe(
        mergeMap(async (dom): Promise<DomainRow> => {
          const { stateName } = await firstValueFrom(dom.getState());
          return { name: dom.name, id: dom.id, state: stateName };
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
