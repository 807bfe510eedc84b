// Watch a domain's lifecycle events while another connection pauses and resumes it.
import { firstValueFrom, lastValueFrom, take, timeout, toArray } from 'rxjs';
import { connect } from '../src/index.js';

export async function watchLifecycle(uri = 'test+unix:///default', name = 'test'): Promise<string[]> {
  const [watcher, actor] = await Promise.all([firstValueFrom(connect(uri)), firstValueFrom(connect(uri))]);
  try {
    const dom = await firstValueFrom(watcher.objects.domainLookupByName({ name }));
    // A Domain is a reference too, so it filters the events.
    const events = firstValueFrom(watcher.events.domain('lifecycle', { dom }).pipe(take(2), timeout(10_000), toArray()));
    // The registration is in place once the watcher's next call has an answer (calls are ordered).
    await firstValueFrom(watcher.connectGetLibVersion());

    const target = await firstValueFrom(actor.objects.domainLookupByName({ name }));
    await lastValueFrom(target.suspend(), { defaultValue: undefined });
    await lastValueFrom(target.resume(), { defaultValue: undefined });

    const lines = (await events).map((event) => `${event.dom.name}: ${event.eventName} (${event.detailName})`);
    for (const line of lines) console.log(line);
    return lines;
  } finally {
    await Promise.all([watcher, actor].map((conn) => lastValueFrom(conn.close(), { defaultValue: undefined })));
  }
}
