import { describe, expect, it } from 'vitest'
import { VersionConflictError } from './db/versioned.js'
import { CalendarRangeError } from './domain/calendar/workingDayCalendar.js'
import { notNow, Problems, rule, WorkflowError } from './domain/rules.js'
import { AppError, asAppError, conflict, invalidInput, notFound } from './errors.js'

const problems = () => {
  const p = new Problems()
  p.add('dueOn', 'Give the date the action is due', '7.3')
  p.add('description', 'Say what will be done')
  try {
    p.throwIfAny()
  } catch (error) {
    return error
  }
}

describe('asAppError: every refusal becomes one status and code, wherever it was raised', () => {
  it.each([
    ['a rule broken', rule('Give a reason', 'reason', '5.6'), 422, 'rule_broken'],
    ['every problem with an input', problems(), 422, 'rule_broken'],
    ['an action that does not fit the record now', notNow('Already closed', '6.1'), 409, 'not_allowed_now'],
    [
      'a role that may not',
      new WorkflowError('forbidden', 'Your role does not allow you to close'),
      403,
      'forbidden',
    ],
    ['someone else changed the record first', new VersionConflictError(), 409, 'conflict'],
    [
      'a date outside the calendar’s years',
      new CalendarRangeError('2019-01-01', '2031-12-31', 'The date 2032-01-05'),
      422,
      'rule_broken',
    ],
    ['an answer already made', notFound('There is no complaint with that id'), 404, 'not_found'],
    ['malformed input', invalidInput('Send a date'), 400, 'invalid_input'],
  ])('%s: %i %s', (_what, error, status, code) => {
    const answer = asAppError(error, 'complaint')
    expect(answer).toBeInstanceOf(AppError)
    expect((answer as AppError).status).toBe(status)
    expect((answer as AppError).code).toBe(code)
  })

  it('keeps the words, the field and the provision of each problem', () => {
    const answer = asAppError(problems()) as AppError
    expect(answer.message).toBe('Give the date the action is due; Say what will be done')
    expect(answer.details).toEqual([
      { field: 'dueOn', message: 'Give the date the action is due', provision: '7.3' },
      { field: 'description', message: 'Say what will be done' },
    ])
    expect((asAppError(notNow('Already closed', '6.1')) as AppError).details).toEqual([
      { message: 'Already closed', provision: '6.1' },
    ])
  })

  it('names the record someone else changed, and the stale version', () => {
    const answer = asAppError(new VersionConflictError(), 'Ombudsman case') as AppError
    expect(answer.message).toBe(
      'Someone else changed this Ombudsman case while you were working on it. Reload it and try again.',
    )
    expect(answer.details).toEqual([{ field: 'version', message: 'stale version' }])
  })

  it('returns anything else as it was, for the error handler to answer 500 without a stack trace', () => {
    const unexpected = new TypeError('x is undefined')
    expect(asAppError(unexpected)).toBe(unexpected)
    const answer = conflict('Already audited')
    expect(asAppError(answer)).toBe(answer)
  })
})
