// A status line for a dashboard: `conn.state$` replays the connection's life, and keepalive turns a
// daemon that stopped answering into `closed` with a KeepaliveTimeoutError as its cause.
import { firstValueFrom, lastValueFrom, map, type Observable, race, timer } from 'rxjs';
import { connect, type Connection, type ConnectionState, KeepaliveTimeoutError, type KeepaliveOptions } from '../src/index.js';

export function statusLine(state: ConnectionState): string {
  if (state.status !== 'closed') return state.status;
  if (state.cause === undefined) return 'closed';
  if (state.cause instanceof KeepaliveTimeoutError) return `lost: no keepalive answer in ${state.cause.count} pings`;
  return `lost: ${state.cause instanceof Error ? state.cause.message : String(state.cause)}`;
}

export function statusLines(conn: Connection): Observable<string> {
  return conn.state$.pipe(map(statusLine));
}

/** Shows the connection's status for `watchMs` (or until it is lost), then closes it. */
export async function keepaliveDashboard(uri = 'test+unix:///default', keepalive: KeepaliveOptions = { interval: 5, count: 5 }, watchMs = 1_000): Promise<string[]> {
  const conn = await firstValueFrom(connect(uri, { keepalive }));
  const lines: string[] = [];
  const display = statusLines(conn).subscribe((line) => {
    lines.push(line);
    console.log(`[${conn.uri}] ${line}`);
  });
  await firstValueFrom(race(conn.end$, timer(watchMs)));
  await lastValueFrom(conn.close(), { defaultValue: undefined });
  display.unsubscribe();
  return lines;
}
