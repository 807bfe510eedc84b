import { connect } from 'rxvirt';
import { firstValueFrom, lastValueFrom } from 'rxjs';

const conn = await firstValueFrom(connect('test+unix:///default'));
conn.state$.subscribe((state) => {
  if (state.status === 'closed' && state.cause) console.error('libvirt connection lost:', state.cause);
  else console.log(state.status); // open, closing, closed
});
await lastValueFrom(conn.close(), { defaultValue: undefined });
