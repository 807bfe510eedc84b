import type { Config } from 'jest';

// Specs are compiled to CommonJS by ts-jest (transpile only; `npm run lint` type-checks them),
// while the package itself builds as ESM. Source imports carry `.js` suffixes for Node's ESM
// resolver; the mapper strips them so Jest finds the `.ts` files.
const config: Config = {
  testEnvironment: 'node',
  roots: ['<rootDir>/spec', '<rootDir>/marbles'],
  testMatch: ['**/*.spec.ts'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.jest.json' }],
  },
  moduleNameMapper: {
    '^(\\.{1,2}/.*)\\.js$': '$1',
  },
  testTimeout: 30_000,
  // The integration tests share one libvirt daemon, and the test driver's state with it: files run
  // one at a time, those under spec/qemu/ after the test-driver ones, and those under spec/serial/
  // (which stop the daemon) after all the others.
  maxWorkers: 1,
  testSequencer: '<rootDir>/spec/support/serial-last-sequencer.cjs',
};

export default config;
