// Watch a domain's lifecycle events while another connection pauses and resumes it.
import { firstValueFrom, lastValueFrom, take, timeout, toArray } from 'rxjs';
import { connect, onRegistered } from '../src/index.js';

export async function watchLifecycle(uri = 'test+unix:///default', name = 'test'): Promise<string[]> {
  const [watcher, actor] = await Promise.all([firstValueFrom(connect(uri)), firstValueFrom(connect(uri))]);
  try {
    const dom = await firstValueFrom(watcher.domain(name));
    const target = await firstValueFrom(actor.domain(name));
    let acting: Promise<unknown> = Promise.resolve();
    // A Domain is a reference too, so it filters the events. With `registered: true` the stream
    // says when the daemon has the registration: from then on no event can be missed, so that is
    // when the other connection acts.
    const events = await firstValueFrom(
      watcher.events.domain('lifecycle', { dom, registered: true }).pipe(
        onRegistered(() => {
          acting = (async () => {
            await lastValueFrom(target.suspend(), { defaultValue: undefined });
            await lastValueFrom(target.resume(), { defaultValue: undefined });
          })();
        }),
        take(2),
        timeout(10_000),
        toArray(),
      ),
    );
    await acting;

    const lines = events.map((event) => `${event.dom.name}: ${event.eventName} (${event.detailName})`);
    for (const line of lines) console.log(line);
    return lines;
  } finally {
    await Promise.all([watcher, actor].map((conn) => lastValueFrom(conn.close(), { defaultValue: undefined })));
  }
}
