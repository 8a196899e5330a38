import { availableParallelism } from 'node:os'
import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    exclude: ['node_modules/**', 'dist/**'],
    globalSetup: ['test/globalSetup.ts'],
    env: { TZ: 'Europe/London', NODE_ENV: 'test' },
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Vitest's own default is one worker fewer than the cores: one worker on a two-core CI
    // machine. Much of a test file's time is spent waiting on another process (PostgreSQL,
    // Chromium, SMTP and IMAP servers), so every core gets a worker, and at least two.
    maxWorkers: Math.max(availableParallelism(), 2),
    reporters: ['default'],
  },
})
