import { parseArgs } from '../../src/cli/args.js';
import { UsageError } from '../../src/cli/usage-error.js';

const VOLUME = {
  positionals: [{ name: 'vol', description: '' }, { name: 'file', description: '', optional: true }],
  options: [
    { name: 'pool', alias: 'p', value: 'POOL', description: '' },
    { name: 'sparse', description: '' },
  ],
};

describe('parseArgs', () => {
  it('takes options before, between and after positionals, with = or a separate value', () => {
    const args = parseArgs(['--pool', 'default', 'disk.img', '--sparse', 'out.img'], VOLUME);
    expect([args.string('pool'), args.required('vol'), args.string('file'), args.flag('sparse')]).toEqual(['default', 'disk.img', 'out.img', true]);
    expect(parseArgs(['--pool=p', 'v'], VOLUME).string('pool')).toBe('p');
    expect(parseArgs(['-p', 'p', 'v'], VOLUME).string('pool')).toBe('p');
  });

  it("names positionals as options, as virsh does, and stops option parsing at '--'", () => {
    const args = parseArgs(['--file', 'out.img', '--vol', 'disk.img'], VOLUME);
    expect([args.string('vol'), args.string('file')]).toEqual(['disk.img', 'out.img']);
    expect(parseArgs(['--', '--odd-name'], VOLUME).string('vol')).toBe('--odd-name');
  });

  it.each([
    [['v', '--bogus'], "unknown option '--bogus'"],
    [['v', '--pool'], '--pool needs a value (POOL)'],
    [['--sparse=yes', 'v'], '--sparse takes no value'],
    [[], 'missing vol'],
    [['a', 'b', 'c'], "unexpected argument 'c'"],
  ])('refuses %j: %s', (tokens, message) => {
    expect(() => parseArgs(tokens, VOLUME, 'vol-download')).toThrow(new UsageError(message, 'vol-download'));
  });

  it('leaves everything from the first positional on unparsed with stopAtPositional', () => {
    const args = parseArgs(['-c', 'test:///default', 'list', '--all'], {
      positionals: [],
      options: [{ name: 'connect', alias: 'c', value: 'URI', description: '' }],
      stopAtPositional: true,
    });
    expect([args.string('connect'), args.rest]).toEqual(['test:///default', ['list', '--all']]);
  });

  it('reads numbers and bigints, refusing what is not one', () => {
    const spec = { positionals: [], options: [{ name: 'timeout', value: 'S', description: '' }, { name: 'offset', value: 'B', description: '' }] };
    expect(parseArgs(['--timeout', '2.5', '--offset', '18446744073709551615'], spec).number('timeout')).toBe(2.5);
    expect(parseArgs(['--offset', '18446744073709551615'], spec).bigint('offset')).toBe(18446744073709551615n);
    expect(() => parseArgs(['--timeout', 'soon'], spec).number('timeout')).toThrow(UsageError);
    expect(() => parseArgs(['--offset', '-1'], spec).bigint('offset')).toThrow(UsageError);
  });
});
