// A domain's serial console: a two-way stream. What `keys` emits is written to the guest; what the
// guest writes comes out as text. Unsubscribing detaches (the stream is aborted), as virsh does.
import { defer, filter, finalize, firstValueFrom, lastValueFrom, map, type Observable, of, switchMap } from 'rxjs';
import { connect, isStreamData } from '../src/index.js';

export function consoleOutput(uri: string, name: string, keys: Observable<string>): Observable<string> {
  return defer(() => connect(uri)).pipe(
    switchMap((conn) =>
      conn.domain(name).pipe(
        switchMap((dom) => dom.openConsole({ dev_name: null }).sending(keys.pipe(map((text) => new TextEncoder().encode(text))))),
        filter(isStreamData),
        map(({ data }) => new TextDecoder().decode(data)),
        finalize(() => void lastValueFrom(conn.close(), { defaultValue: undefined })),
      ),
    ),
  );
}

/** Sends a line and prints the first answer (drivers without consoles fail with VIR_ERR_NO_SUPPORT). */
export async function consoleLine(uri = 'test+unix:///default', name = 'test', line = '\n'): Promise<string> {
  // The outgoing side may complete at once: libvirt's streams are not half-closed by it.
  const output = await firstValueFrom(consoleOutput(uri, name, of(line)));
  console.log(output);
  return output;
}
