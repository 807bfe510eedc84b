import { connectReconnecting, REGISTERED } from 'rxvirt';
import { filter, firstValueFrom, lastValueFrom } from 'rxjs';

const conn = await firstValueFrom(connectReconnecting('test+unix:///default', { reconnect: { maxAttempts: Infinity } }));
conn.state$.subscribe((state) => {
  if (state.status === 'reconnecting') console.warn(`libvirtd gone (${state.cause}), attempt ${state.attempt} in ${state.delayMs} ms`);
});
// The same Observable across libvirtd restarts.
const lifecycle = conn.events.domain('lifecycle', { registered: true });
lifecycle.subscribe((item) => {
  if (item === REGISTERED) console.log('live (again)'); // after the first open and after each reconnection
  else console.log(item.eventName, item.dom.name);
});

await firstValueFrom(lifecycle.pipe(filter((item) => item === REGISTERED)));
await lastValueFrom(conn.close(), { defaultValue: undefined });
