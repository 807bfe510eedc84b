import { rename } from 'node:fs/promises';
import { lastValueFrom } from 'rxjs';
import { writeToFile } from '../../streams/node/write-to-file.js';
import type { CommandSpec } from '../command.js';
import { ExitCode } from '../exit-codes.js';
import { lookupDomain } from '../lookup-domain.js';
import { failOnInterrupt } from '../transfer.js';

/** `screenshot DOMAIN [FILE] [--screen N]`: the domain's console as an image file. */
export const screenshotCommand: CommandSpec = {
  positionals: [
    { name: 'domain', description: 'domain name, id or uuid' },
    { name: 'file', description: "where to store the screenshot (default: DOMAIN-TIME.EXT, by the daemon's image type)", optional: true },
  ],
  options: [{ name: 'screen', value: 'N', description: 'ID of a screen to take a screenshot of' }],
  async run({ args, io, connection }) {
    const conn = await connection();
    const dom = await lookupDomain(conn, args.required('domain'));
    const screen = args.number('screen') ?? 0;
    // Without FILE, virsh's name: DOMAIN-TIME, and the extension of the image type, which is
    // known only once the reply has come (so the file is renamed at the end).
    const file = args.string('file') ?? `${dom.name}-${new Date().toISOString().replace(/\.\d+Z$/, '').replace('T', '-')}`;
    const { reply: mime } = await lastValueFrom(
      conn.domainScreenshot({ dom, screen, flags: 0 }).pipe(writeToFile(file), failOnInterrupt(io.interrupts)),
    );
    const named = args.string('file') === undefined ? await withExtension(file, mime) : file;
    io.stdout.write(`Screenshot saved to ${named}, with type of ${mime ?? 'unknown'}\n`);
    return ExitCode.Ok;
  },
};

/** Renames `file` to carry the extension of `mime` (`image/png` → `.png`), as virsh names it. */
async function withExtension(file: string, mime: string | null): Promise<string> {
  const extension = mime === 'image/png' ? 'png' : mime === 'image/x-portable-pixmap' ? 'ppm' : 'screen';
  await rename(file, `${file}.${extension}`);
  return `${file}.${extension}`;
}
