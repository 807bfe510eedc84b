import { lastValueFrom, merge, Observable, Subject, takeUntil, tap } from 'rxjs';
import { virDomainConsoleFlags } from '../../generated/libvirt/libvirt.js';
import type { CommandSpec } from '../command.js';
import { ExitCode } from '../exit-codes.js';
import type { InputStream } from '../io.js';
import { lookupDomain } from '../lookup-domain.js';

/** Ctrl-] (GS), virsh's escape character. */
const ESCAPE = 0x1d;

/**
 * `console DOMAIN`: the guest's console, two ways. On a terminal the keys go raw (Ctrl-C
 * included, to the guest); Ctrl-] leaves, as in virsh, and so does the end of standard input.
 */
export const consoleCommand: CommandSpec = {
  positionals: [{ name: 'domain', description: 'domain name, id or uuid' }],
  options: [
    { name: 'devname', value: 'NAME', description: 'character device name' },
    { name: 'force', description: 'force console connection (disconnect already connected sessions)' },
    { name: 'safe', description: 'only connect if safe console handling is supported' },
  ],
  async run({ args, io, connection }) {
    const conn = await connection();
    const dom = await lookupDomain(conn, args.required('domain'));
    const flags =
      (args.flag('force') ? virDomainConsoleFlags.VIR_DOMAIN_CONSOLE_FORCE : 0) | (args.flag('safe') ? virDomainConsoleFlags.VIR_DOMAIN_CONSOLE_SAFE : 0);
    const leave = new Subject<void>();
    const console$ = conn.domainOpenConsole({ dom, dev_name: args.string('devname') ?? null, flags }).sending(keysUntilEscape(io.stdin, leave));

    const raw = io.stdin.isTTY === true && io.stdin.setRawMode !== undefined;
    if (raw) io.stdin.setRawMode?.(true);
    try {
      // Leaving unsubscribes, which aborts the stream as virsh does when it detaches.
      await lastValueFrom(
        console$.pipe(
          tap((item) => {
            if ('reply' in item) io.stderr.write(`Connected to domain '${dom.name}'\nEscape character is ^] (Ctrl + ])\n`);
            else if ('data' in item) io.stdout.write(item.data);
          }),
          takeUntil(merge(leave, io.interrupts)),
        ),
        { defaultValue: undefined },
      );
    } finally {
      if (raw) io.stdin.setRawMode?.(false);
    }
    io.stderr.write('\n');
    return ExitCode.Ok;
  },
};

/** The keys typed on `stdin` up to Ctrl-] (then `leave` emits, as at the end of input). */
function keysUntilEscape(stdin: InputStream, leave: Subject<void>): Observable<Uint8Array> {
  return new Observable<Uint8Array>((subscriber) => {
    const onData = (chunk: Uint8Array): void => {
      const escape = chunk.indexOf(ESCAPE);
      if (escape < 0) {
        subscriber.next(chunk);
        return;
      }
      if (escape > 0) subscriber.next(chunk.subarray(0, escape));
      leave.next();
    };
    const onEnd = (): void => leave.next();
    stdin.on('data', onData);
    stdin.on('end', onEnd);
    stdin.resume();
    return () => {
      stdin.off('data', onData);
      stdin.off('end', onEnd);
      // A flowing stdin would keep the process alive after the command.
      stdin.pause();
    };
  });
}
