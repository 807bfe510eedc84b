import { map, type OperatorFunction, reduce } from 'rxjs';
import { holeLength } from './hole-length.js';
import type { StreamItem } from './stream-item.js';

/** A whole download in memory: its reply and its bytes. */
export interface CollectedStream<Ret> {
  readonly reply: Ret;
  readonly bytes: Uint8Array;
}

interface Collecting<Ret> {
  reply: Ret | undefined;
  readonly parts: Uint8Array[];
  length: number;
}

/**
 * Gathers a download into one `Uint8Array` (holes become zeros) and emits it with the reply once
 * the stream has completed: for small streams such as screenshots. The bytes are copied once, at
 * the end.
 *
 * @example
 * ```ts
 * const dom = await firstValueFrom(conn.domainLookupByName({ name: 'test' }));
 * const { reply: mime, bytes } = await firstValueFrom(conn.domainScreenshot({ dom, screen: 0, flags: 0 }).pipe(collectBytes()));
 * // mime === 'image/png'; bytes is the PNG
 * ```
 */
export function collectBytes<Ret>(): OperatorFunction<StreamItem<Ret>, CollectedStream<Ret>> {
  return (source) =>
    source.pipe(
      reduce<StreamItem<Ret>, Collecting<Ret>>(
        (acc, item) => {
          if ('reply' in item) acc.reply = item.reply;
          else {
            const part = 'data' in item ? item.data : new Uint8Array(holeLength(item.hole.length));
            acc.parts.push(part);
            acc.length += part.length;
          }
          return acc;
        },
        { reply: undefined, parts: [], length: 0 },
      ),
      map(({ reply, parts, length }) => {
        const bytes = new Uint8Array(length);
        let at = 0;
        for (const part of parts) {
          bytes.set(part, at);
          at += part.length;
        }
        return { reply: reply as Ret, bytes };
      }),
    );
}

