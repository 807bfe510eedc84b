// Jest test sequencer: files under spec/serial/ (which stop or restart the shared libvirt daemon)
// run after all the others; the rest keep Jest's own order.
const Sequencer = require('@jest/test-sequencer').default;

const isSerial = (test) => /[\\/]spec[\\/]serial[\\/]/.test(test.path);

class SerialLastSequencer extends Sequencer {
  sort(tests) {
    const sorted = super.sort(tests);
    return [...sorted.filter((test) => !isSerial(test)), ...sorted.filter(isSerial)];
  }
}

module.exports = SerialLastSequencer;
