import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // Tests talk only to fixture servers on 127.0.0.1; nothing here needs the network.
    pool: 'forks',
  },
});
