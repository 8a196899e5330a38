import { spawnSync } from 'node:child_process'
import { describe, expect, it } from 'vitest'
import { projectRoot } from '../../src/paths.js'

/**
 * The load and kill -9 proofs (scripts/proof.ts), shortened, on the database this run tests:
 * every acknowledged write is there afterwards and nothing is half-written. The full runs (60 s,
 * 50 clients, and PostgreSQL restarted mid-load) are `npm run proof`, with figures in
 * docs/operations.md ("Proof under load and faults").
 */
const db = process.env.TEST_DATABASE_URL ? 'postgres' : 'pglite'
const proof = (...args: string[]) => {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/proof.ts', ...args, '--db', db], {
    cwd: projectRoot,
    env: {
      PATH: process.env.PATH ?? '',
      ...(process.env.TEST_DATABASE_URL ? { PROOF_DATABASE_URL: process.env.TEST_DATABASE_URL } : {}),
    },
    encoding: 'utf8',
  })
  return { code: r.status, out: `${r.stdout}${r.stderr}` }
}

describe(`proof under load and faults (${db}, shortened)`, () => {
  it('answers 20 clients for 8 s without an error, and the database holds exactly what was answered', () => {
    const run = proof('load', '--seconds', '8', '--clients', '20')
    expect(run.out).toContain('errors: none; unanswered (connection lost): 0')
    expect(run.out).toContain('every acknowledged write is there, nothing half-written')
    expect(run.code).toBe(0)
  }, 120_000)

  it('loses nothing it acknowledged when killed -9 mid-load and restarted', () => {
    const run = proof('kill', '--seconds', '10', '--clients', '20')
    expect(run.out).toContain('killed -9 after')
    expect(run.out).toContain('restarted and ready after')
    expect(run.out).toContain('every acknowledged write is there, nothing half-written')
    expect(run.code).toBe(0)
  }, 120_000)
})
