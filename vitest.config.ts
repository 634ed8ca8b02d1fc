import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    exclude: ['test/stress/**', 'node_modules/**'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
    // A temp folder per run, removed when it ends (test/helpers/run-tmpdir.ts).
    globalSetup: ['test/helpers/run-tmpdir.ts'],
    // The spec cache's per-user key (src/spec/cache-key.ts): never the real home's.
    env: { XDG_STATE_HOME: join(tmpdir(), 'vtr-wf-test-state') },
  },
});
