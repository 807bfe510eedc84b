import { connect, onRegistered } from 'rxvirt';
import { firstValueFrom, lastValueFrom, take, timeout } from 'rxjs';

const conn = await firstValueFrom(connect()); // $LIBVIRT_DEFAULT_URI: test+unix:///default, say
const dom = await firstValueFrom(conn.domainLookupByName({ name: 'test' }));
const { eventName, detailName } = await lastValueFrom(
  conn.events.domain('lifecycle', { dom, registered: true }).pipe(
    onRegistered(() => conn.domainSuspend({ dom }).subscribe()), // live now: its event cannot be missed
    take(1),
    timeout(10_000),
  ),
);
console.log(eventName, detailName); // VIR_DOMAIN_EVENT_SUSPENDED VIR_DOMAIN_EVENT_SUSPENDED_PAUSED

await firstValueFrom(conn.domainResume({ dom }));
await lastValueFrom(conn.close(), { defaultValue: undefined });
