// Jest test sequencer: files under spec/qemu/ (real QEMU guests, slower) run after the test-driver
// files, and those under spec/serial/ (which stop or restart the shared libvirt daemon) after all
// the others; each group keeps Jest's own order.
const Sequencer = require('@jest/test-sequencer').default;

const isSerial = (test) => /[\\/]spec[\\/]serial[\\/]/.test(test.path);
const isQemu = (test) => /[\\/]spec[\\/]qemu[\\/]/.test(test.path);

class SerialLastSequencer extends Sequencer {
  sort(tests) {
    const sorted = super.sort(tests);
    const rest = sorted.filter((test) => !isSerial(test) && !isQemu(test));
    return [...rest, ...sorted.filter(isQemu), ...sorted.filter(isSerial)];
  }
}

module.exports = SerialLastSequencer;
