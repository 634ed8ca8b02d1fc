import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/**
 * The core: pure data in, data out (docs/architecture.md). It may import only
 * itself, `yaml`/`ajv`-free helpers and node:path/node:crypto (string and hash
 * work); never an edge, the file system, the process or the terminal.
 */
export const CORE_FILES = [
  'src/spec/**/*.ts',
  'src/graph/**/*.ts',
  'src/plan/**/*.ts',
  'src/model/**/*.ts',
  'src/diagnostic.ts',
  'src/json.ts',
  'src/json-pointer.ts',
];
/** The reading edge inside spec/: discover, read and cache files, then hand plain data to the core. */
export const READING_EDGE_FILES = [
  'src/spec/project.ts',
  'src/spec/load-config.ts',
  'src/spec/load-yaml-file.ts',
  'src/spec/read-text.ts',
  'src/spec/find-spec-files.ts',
  'src/spec/spec-cache.ts',
  'src/spec/cache-key.ts',
  'src/spec/test-images.ts',
];
const EDGE_MESSAGE = 'the core imports no edge (client, emulator, CLI, apply, render, use cases)';
export const coreDirection = {
  files: CORE_FILES,
  ignores: [...READING_EDGE_FILES, '**/*.test.ts', '**/*.test-support.ts'],
  rules: {
    'no-restricted-imports': [
      'error',
      {
        paths: [
          'node:fs',
          'node:fs/promises',
          'fs',
          'fs/promises',
          'node:process',
          'process',
          'node:child_process',
          'node:net',
          'node:http',
          'node:https',
          'node:os',
          'node:readline',
          '@grpc/grpc-js',
          '@grpc/proto-loader',
        ].map((name) => ({
          name,
          message: 'the core does no I/O: take the data as an argument (an edge reads it)',
        })),
        patterns: [
          {
            group: [
              '**/clarifai/**',
              '**/emulator/**',
              '**/cli/**',
              '**/apply/**',
              '**/render/**',
              '**/commands/**',
              '**/run/**',
              '**/library.js',
              '**/index.js',
            ],
            message: EDGE_MESSAGE,
          },
        ],
      },
    ],
    'no-restricted-globals': [
      'error',
      { name: 'process', message: 'the core knows no process: take options as arguments' },
      { name: 'console', message: 'the core knows no terminal: return data' },
    ],
  },
};

export default tseslint.config(
  {
    ignores: [
      'dist/',
      'node_modules/',
      'src/spec/generated/',
      'src/model/generated/',
      'test/fixtures/',
      'coverage/',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  coreDirection,
  {
    files: ['**/*.mjs', '**/*.js'],
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        setTimeout: 'readonly',
        URL: 'readonly',
      },
    },
  },
);
