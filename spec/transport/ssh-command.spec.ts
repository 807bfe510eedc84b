// The ssh command line and remote command, as libvirt builds them (virNetSocketNewConnectSSH,
// virNetClientSSHHelperCommand).
import { escapeShell, remoteCommand, sshArguments } from '../../src/transport/ssh-command.js';

const SOCK = '/var/run/libvirt/libvirt-sock';

describe('remoteCommand', () => {
  it('tries virt-ssh-helper, then netcat, for proxy=auto', () => {
    expect(remoteCommand({ proxy: 'auto', socketPath: SOCK, helperUri: 'qemu:///system', readOnly: false })).toBe(
      "sh -c 'which virt-ssh-helper 1>/dev/null 2>&1; if test $? = 0; then     virt-ssh-helper 'qemu:///system'; else    " +
        'if \'nc\' -q 2>&1 | grep "requires an argument" >/dev/null 2>&1; then ARG=-q0;else ARG=;fi;\'nc\' $ARG -U /var/run/libvirt/libvirt-sock; fi\'',
    );
  });

  it('asks virt-ssh-helper for read-only with -r, and uses only it for proxy=native', () => {
    expect(remoteCommand({ proxy: 'native', socketPath: SOCK, helperUri: 'qemu:///session', readOnly: true })).toBe("sh -c 'virt-ssh-helper -r 'qemu:///session''");
  });

  it('uses netcat alone when a netcat binary is named', () => {
    expect(remoteCommand({ proxy: 'auto', netcat: '/opt/nc', socketPath: SOCK, helperUri: 'qemu:///system', readOnly: false })).toBe(
      'sh -c \'if \'/opt/nc\' -q 2>&1 | grep "requires an argument" >/dev/null 2>&1; then ARG=-q0;else ARG=;fi;\'/opt/nc\' $ARG -U /var/run/libvirt/libvirt-sock\'',
    );
    expect(() => remoteCommand({ proxy: 'native', netcat: 'nc', socketPath: SOCK, helperUri: 'q', readOnly: false })).toThrow(RangeError);
  });

  it('escapes a URI with shell metacharacters twice', () => {
    expect(escapeShell("a b")).toBe("'a b'");
    expect(escapeShell("it's")).toBe("'it'\\''s'");
    expect(escapeShell('')).toBe("''");
    expect(remoteCommand({ proxy: 'native', socketPath: SOCK, helperUri: 'test:///default?x=a b', readOnly: false })).toBe(
      "sh -c 'virt-ssh-helper '''\\''test:///default?x=a b'\\'''''",
    );
  });
});

describe('sshArguments', () => {
  it('passes port, user, key, then -T -e none, the URI flags and the host before the command', () => {
    expect(
      sshArguments({ host: 'h', port: 2222, user: 'root', keyfile: '/k', noTty: true, noVerify: true, knownHosts: '/kh', remoteCommand: 'CMD' }),
    ).toEqual(['-p', '2222', '-l', 'root', '-i', '/k', '-T', '-e', 'none', '-o', 'BatchMode=yes', '-o', 'StrictHostKeyChecking=no', '-o', 'UserKnownHostsFile=/kh', '--', 'h', 'CMD']);
    expect(sshArguments({ host: '::1', noTty: false, noVerify: false, remoteCommand: 'CMD' })).toEqual(['-T', '-e', 'none', '--', '::1', 'CMD']);
  });
});
