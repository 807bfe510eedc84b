// The full soak against the shared daemon (test+unix:///default):
//
//   npm run soak                      # 100 000 calls (256 in flight), 10 000 subscription cycles, 100 aborted streams
//   npm run soak -- --calls 1000000   # more of one phase
import { firstValueFrom } from 'rxjs';
import { connect } from '../../src/index.js';
import { FULL_SOAK, runSoak, type SoakScale } from './soak.js';

function option(name: keyof SoakScale): number {
  const at = process.argv.indexOf(`--${name}`);
  return at < 0 ? FULL_SOAK[name] : Number(process.argv[at + 1]);
}

async function main(): Promise<void> {
  const scale: SoakScale = { calls: option('calls'), inFlight: option('inFlight'), subscriptionCycles: option('subscriptionCycles'), streams: option('streams') };
  // Node opens stdout's and stderr's handles when first used: before the baseline, not during the soak.
  process.stdout.write('');
  process.stderr.write('');
  const report = await runSoak(() => firstValueFrom(connect('test+unix:///default')), scale, (line) => console.log(line));
  console.log(
    [
      `heap after GC: baseline ${(report.baselineHeap / 2 ** 20).toFixed(2)} MiB, growth ${(report.heapGrowth / 1024).toFixed(0)} KiB`,
      `timers and handles from the phases left once closed: ${JSON.stringify(report.leakedResources)}`,
      `fresh registration: ${report.freshRegistrationEvents} events for one suspend and resume, ${report.strayEvents} stray`,
      `libvirtd clients: ${report.daemonClients.before} before, ${report.daemonClients.after} after`,
    ].join('\n'),
  );
  const ok =
    report.heapGrowth < 2 * 2 ** 20 &&
    Object.keys(report.leakedResources).length === 0 &&
    report.freshRegistrationEvents === 2 &&
    report.strayEvents === 0 &&
    report.daemonClients.after === report.daemonClients.before;
  if (!ok) process.exitCode = 1;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
