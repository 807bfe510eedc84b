import { formatBytes } from '../../src/cli/format/bytes.js';
import { formatTable } from '../../src/cli/format/table.js';
import { progressBar } from '../../src/cli/progress-bar.js';
import { CapturedOutput } from './support/run-cli.js';

describe('CLI formats', () => {
  it("lays a table out as virsh's list does", () => {
    // Captured from `virsh list --all` (libvirt 9.0) with one domain, and with none.
    expect(formatTable(['Id', 'Name', 'State'], [['1', 'test', 'running']])).toBe(' Id   Name   State\n----------------------\n 1    test   running\n\n');
    expect(formatTable(['Id', 'Name', 'State'], [])).toBe(' Id   Name   State\n--------------------\n\n');
  });

  it('writes byte counts in binary units', () => {
    expect([formatBytes(512), formatBytes(1536), formatBytes(8 * 1024 ** 3)]).toEqual(['512 B', '1.5 KiB', '8.0 GiB']);
  });

  it('draws a progress bar only on a terminal, with bytes, rate and holes', () => {
    let now = 0;
    const tty = new CapturedOutput(true);
    const bar = progressBar(tty, 'disk.img', 4096, () => now);
    now = 1000;
    bar.data(1024);
    bar.hole(2048);
    bar.end();
    expect(tty.text).toBe(
      '\rdisk.img  [######                  ]  25%  1.0 KiB/4.0 KiB  1.0 KiB/s\x1b[K' +
        '\rdisk.img  [##################      ]  75%  3.0 KiB/4.0 KiB  1.0 KiB/s  holes 2.0 KiB\x1b[K\n',
    );
    const pipe = new CapturedOutput(false);
    const silent = progressBar(pipe, 'disk.img', 4096);
    silent.data(4096);
    silent.end();
    expect(pipe.text).toBe('');
  });
});
