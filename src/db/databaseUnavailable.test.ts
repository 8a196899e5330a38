import { describe, expect, it } from 'vitest'
import { isDatabaseUnavailable } from './database.js'

describe('a database that cannot be reached', () => {
  it('is told apart from a statement the database refused', () => {
    for (const unavailable of [
      { code: '57P01', message: 'terminating connection due to administrator command' },
      { code: '57P03', message: 'the database system is starting up' },
      { code: '08006', message: 'connection failure' },
      { code: 'ECONNREFUSED', message: 'connect ECONNREFUSED 127.0.0.1:5432' },
      new Error('Connection terminated unexpectedly'),
      new Error('Client has encountered a connection error and is not queryable'),
    ])
      expect(isDatabaseUnavailable(unavailable)).toBe(true)
    for (const refused of [
      { code: '23505', message: 'duplicate key value violates unique constraint' },
      { code: 'P0001', message: 'the table letters is append-only' },
      new Error('Something else'),
      null,
      'text',
    ])
      expect(isDatabaseUnavailable(refused)).toBe(false)
  })
})
