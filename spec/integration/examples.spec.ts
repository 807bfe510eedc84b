import { quickStart } from '../../examples/quick-start.js';

describe('examples', () => {
  it('runs the quick start against the daemon', async () => {
    const lines: unknown[][] = [];
    const log = jest.spyOn(console, 'log').mockImplementation((...args: unknown[]) => void lines.push(args));
    try {
      await quickStart();
    } finally {
      log.mockRestore();
    }
    expect(lines[0]).toEqual(['libvirt', expect.any(BigInt)]);
    expect(lines[1]).toEqual(['domains', ['test']]);
    expect(lines[2]).toEqual([expect.stringMatching(/^<domain type='test' id='\d+'>$/)]);
    expect(lines[3]).toEqual(['no such domain:', 'Domain not found']);
  });
});
