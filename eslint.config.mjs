// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', 'build/', 'coverage/', 'node_modules/', 'docs/api/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      eqeqeq: ['error', 'always'],
    },
  },
  {
    // Transport files are the only ones allowed to reach for Node's networking and processes
    // (and the fake daemon's unix-socket listener, in src/testing/node/, and the Node-only
    // relay `rxvirt gateway`, in src/gateway/).
    files: ['src/**/*.ts'],
    ignores: ['src/transport/node/**', 'src/testing/node/**', 'src/gateway/**'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [{
          group: ['node:net', 'node:tls', 'node:child_process', 'net', 'tls', 'child_process'],
          message: 'Only files under src/transport/node/ and src/testing/node/ may import node networking or process modules.',
        }],
      }],
    },
  },
  {
    // CommonJS files Jest loads directly (its test sequencer).
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { require: 'readonly', module: 'writable' } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['src/generated/**/*.ts'],
    rules: {
      // Generated code: names and shapes follow libvirt's .x files.
      '@typescript-eslint/no-unused-vars': 'off',
    },
  },
);
