// Start-up benchmark: whole processes, timed from spawn to exit, alternating in each round
// between bare Node, virsh, the rxvirt CLI and imports of rxvirt and rxjs, each with the
// environment as it is and without NODE_EXTRA_CA_CERTS (which alone costs Node a parse of the
// CA bundle at start). Prints a Markdown table of medians, their excess over bare Node and ratios,
// then rxvirt's own share of an import (import('rxvirt') − import('rxjs')) against the target,
// and the same share timed inside one process (import('rxjs'), then import('rxvirt') between two
// clock readings), which the spread of two whole-process medians does not blur.
// --node runs the Node cases on another Node binary (the bench itself stays on this one); with
// NODE_COMPILE_CACHE set (Node ≥ 22.1), the warm-up pass fills Node's compile cache.
//
//   npm run bench:startup [-- --rounds 15] [--node /path/to/node] [--before /built/checkout]
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const URI = 'test+unix:///default';
const here = dirname(fileURLToPath(import.meta.url));
const repo = join(here, '..', '..', '..');
const option = (name: string): string | undefined => (process.argv.includes(name) ? process.argv[process.argv.indexOf(name) + 1] : undefined);
const rounds = Number(option('--rounds')) || 15;
/** rxvirt's own share of `import('rxvirt')`, over `import('rxjs')` (issue 16). */
const IMPORT_SHARE_TARGET_MS = 40;
/** A process that takes this long is hung, not slow. */
const RUN_TIMEOUT_MS = 30_000;

/** The executable a package's package.json `bin` names, as `npx rxvirt` would run it. */
const binOf = (pkg: string): string => join(pkg, (JSON.parse(readFileSync(join(pkg, 'package.json'), 'utf8')) as { bin: { rxvirt: string } }).bin.rxvirt);

interface Case {
  readonly label: string;
  readonly file: string;
  readonly args: readonly string[];
  /** The package directory the process runs in (import('rxvirt') resolves to its dist). */
  readonly cwd: string;
}

const node = option('--node') ?? process.execPath;
const importing = (specifier: string): readonly string[] => ['--input-type=module', '-e', `await import(${JSON.stringify(specifier)})`];
/** The rxvirt cases for the package in `pkg`, their labels ending with `suffix`. */
const rxvirtCases = (pkg: string, suffix: string): Case[] => [
  { label: `\`rxvirt --help\`${suffix}`, file: node, args: [binOf(pkg), '--help'], cwd: pkg },
  { label: `\`rxvirt list --all\`${suffix}`, file: node, args: [binOf(pkg), '-c', URI, 'list', '--all'], cwd: pkg },
  { label: `\`import('rxvirt')\`${suffix}`, file: node, args: importing('rxvirt'), cwd: pkg },
];
// --before DIR: a built checkout of another commit (its dist and node_modules), timed in the same
// rounds, so that a change is measured side by side rather than in two runs under other loads.
const before = option('--before');
const CASES: readonly Case[] = [
  { label: '`node -e 0`', file: node, args: ['-e', '0'], cwd: repo },
  { label: '`virsh list --all`', file: 'virsh', args: ['-c', URI, 'list', '--all'], cwd: repo },
  { label: "`import('rxjs')`", file: node, args: importing('rxjs'), cwd: repo },
  ...rxvirtCases(repo, ''),
  ...(before === undefined ? [] : rxvirtCases(before, ` (${before})`)),
];

const withCa = { ...process.env };
const withoutCa = { ...process.env };
delete withoutCa.NODE_EXTRA_CA_CERTS;
const ENVIRONMENTS = [
  { label: `NODE_EXTRA_CA_CERTS=${process.env.NODE_EXTRA_CA_CERTS ?? '(unset)'}`, env: withCa },
  { label: 'without NODE_EXTRA_CA_CERTS', env: withoutCa },
] as const;

/** Wall-clock milliseconds of one whole process; a failing one ends the benchmark. */
function timeRun(run: Case, env: NodeJS.ProcessEnv): number {
  const start = performance.now();
  // cwd: the package, so that import('rxvirt') resolves to its own dist through its exports.
  const result = spawnSync(run.file, run.args, { cwd: run.cwd, env, stdio: ['ignore', 'ignore', 'pipe'], timeout: RUN_TIMEOUT_MS });
  const elapsed = performance.now() - start;
  if (result.status !== 0) throw new Error(`${run.label} failed (${result.status ?? result.signal}): ${result.stderr.toString()}`);
  return elapsed;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** The packages whose import is timed inside a process: this checkout, and `--before`'s. */
const PACKAGES = [{ label: '', pkg: repo }, ...(before === undefined ? [] : [{ label: ` (${before})`, pkg: before }])];
const TIMED_IMPORT = [
  '--input-type=module',
  '-e',
  "await import('rxjs'); const start = performance.now(); await import('rxvirt'); process.stdout.write(String(performance.now() - start));",
];

/** Milliseconds `import('rxvirt')` takes in a process that has already imported rxjs. */
function timedImport(pkg: string): number {
  const result = spawnSync(node, TIMED_IMPORT, { cwd: pkg, encoding: 'utf8', timeout: RUN_TIMEOUT_MS });
  if (result.status !== 0) throw new Error(`timed import in ${pkg} failed (${result.status ?? result.signal}): ${result.stderr}`);
  return Number(result.stdout);
}

const samples = ENVIRONMENTS.map(() => CASES.map((): number[] => []));
const importSamples = PACKAGES.map((): number[] => []);
// One warm-up pass fills the page cache (and Node's compile cache, where the CLI enables it).
for (const { env } of ENVIRONMENTS) for (const run of CASES) timeRun(run, env);
for (let round = 0; round < rounds; round++) {
  ENVIRONMENTS.forEach(({ env }, e) => CASES.forEach((run, c) => samples[e]![c]!.push(timeRun(run, env))));
  PACKAGES.forEach(({ pkg }, p) => importSamples[p]!.push(timedImport(pkg)));
}

const ms = (value: number): string => value.toFixed(1);
const nodeVersion = spawnSync(node, ['--version'], { encoding: 'utf8' }).stdout.trim();
console.log(`Node ${nodeVersion}, ${rounds} rounds, load average ${readFileSync('/proc/loadavg', 'utf8').split(' ')[0]}\n`);
console.log(`| process | ${ENVIRONMENTS.map(({ label }) => `${label}: median ms | − bare | × bare | × virsh`).join(' | ')} |`);
console.log(`|---|${ENVIRONMENTS.map(() => '---|---|---|---').join('|')}|`);
CASES.forEach((run, c) => {
  const cells = ENVIRONMENTS.map((_, e) => {
    const [bare, virsh, value] = [median(samples[e]![0]!), median(samples[e]![1]!), median(samples[e]![c]!)];
    return `${ms(value)} | ${ms(value - bare)} | ${(value / bare).toFixed(2)} | ${(value / virsh).toFixed(2)}`;
  });
  console.log(`| ${run.label} | ${cells.join(' | ')} |`);
});

const caseIndex = (label: string): number => CASES.findIndex((run) => run.label === label);
const rxjsCase = caseIndex("`import('rxjs')`");
console.log('');
for (const suffix of before === undefined ? [''] : ['', ` (${before})`]) {
  const rxvirtCase = caseIndex(`\`import('rxvirt')\`${suffix}`);
  ENVIRONMENTS.forEach(({ label }, e) => {
    const share = median(samples[e]![rxvirtCase]!) - median(samples[e]![rxjsCase]!);
    const verdict = share <= IMPORT_SHARE_TARGET_MS ? 'met' : 'not met';
    console.log(`${label}: import('rxvirt')${suffix} − import('rxjs') = ${ms(share)} ms (target ≤ ${IMPORT_SHARE_TARGET_MS}: ${verdict})`);
  });
}
PACKAGES.forEach(({ label }, p) => {
  const share = median(importSamples[p]!);
  const verdict = share <= IMPORT_SHARE_TARGET_MS ? 'met' : 'not met';
  console.log(`timed inside the process, after import('rxjs'): import('rxvirt')${label} = ${ms(share)} ms (target ≤ ${IMPORT_SHARE_TARGET_MS}: ${verdict})`);
});
