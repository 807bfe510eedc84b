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
};

export default config;
