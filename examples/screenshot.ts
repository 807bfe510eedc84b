// Save a screenshot of a running domain: the call replies with the MIME type, then streams the image.
import { writeFile } from 'node:fs/promises';
import { firstValueFrom, lastValueFrom } from 'rxjs';
import { collectBytes, connect } from '../src/index.js';

export async function screenshot(file: string, uri = 'test+unix:///default', name = 'test'): Promise<string | null> {
  const conn = await firstValueFrom(connect(uri));
  try {
    const dom = await firstValueFrom(conn.domain(name));
    const { reply: mime, bytes } = await firstValueFrom(dom.screenshot({ screen: 0 }).pipe(collectBytes()));
    await writeFile(file, bytes);
    console.log(`${name}: ${mime}, ${bytes.length} bytes to ${file}`);
    return mime;
  } finally {
    await lastValueFrom(conn.close(), { defaultValue: undefined });
  }
}
