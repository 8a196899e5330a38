import { describe, expect, it } from 'vitest'
import { WorkflowError } from '../domain/rules.js'
import { AppError, conflict, forbidden, invalidInput, ruleBroken } from '../errors.js'
import { fieldErrorsOf, refusalOf, refusals } from './formErrors.js'

const fails = (error: unknown) => () => Promise.reject(error)

describe('refusals: a save refused by the rules, as form errors', () => {
  it('answers undefined when the save is done', async () => {
    expect(await refusals(() => Promise.resolve('saved'))).toBeUndefined()
  })

  it('keys each message by its field, the first for a field winning, and a message naming none at the top', async () => {
    const error = ruleBroken('The complaint cannot be acknowledged', [
      { field: 'handlerId', message: 'Choose a handler' },
      { field: 'handlerId', message: 'A second message for the same field' },
      { message: 'Code 5.1: the landlord must acknowledge within 5 working days' },
    ])
    expect(await refusals(fails(error))).toEqual({
      handlerId: 'Choose a handler',
      form: 'Code 5.1: the landlord must acknowledge within 5 working days',
    })
  })

  it('names the form field for a service field, by a map or by a rule', async () => {
    const error = ruleBroken('Refused', [
      { field: 'awareAt', message: 'Not in the future' },
      { field: 'kind', message: 'Choose a kind' },
    ])
    expect(await refusals(fails(error), { fieldFor: { awareAt: 'when' } })).toEqual({
      when: 'Not in the future',
      kind: 'Choose a kind',
    })
    expect(await refusals(fails(error), { fieldFor: (f) => `x-${f}` })).toEqual({
      'x-awareAt': 'Not in the future',
      'x-kind': 'Choose a kind',
    })
  })

  it('shows a refusal without details beside the field the page names', async () => {
    expect(await refusals(fails(ruleBroken('Enter a reason')), { unnamed: 'reason' })).toEqual({
      reason: 'Enter a reason',
    })
    expect(fieldErrorsOf(new AppError(422, 'rule_broken', 'Enter a reason', []))).toEqual({
      form: 'Enter a reason',
    })
  })

  it('shows only the statuses asked for; every other error goes on to the error page', async () => {
    await expect(refusals(fails(conflict('Changed meanwhile')))).rejects.toMatchObject({ status: 409 })
    await expect(refusals(fails(forbidden()))).rejects.toMatchObject({ status: 403 })
    await expect(refusals(fails(new Error('boom')))).rejects.toThrow('boom')
    expect(await refusals(fails(invalidInput('Not a date')), { statuses: [400, 422] })).toEqual({
      form: 'Not a date',
    })
  })

  it('reads a domain refusal no service translated as asAppError does: a rule is 422, not now is 409', async () => {
    expect(await refusals(fails(new WorkflowError('rule', 'Choose a handler', 'handlerId')))).toEqual({
      handlerId: 'Choose a handler',
    })
    const notNow = await refusalOf(fails(new WorkflowError('not_now', 'The complaint is closed')), [409])
    expect(notNow).toMatchObject({ status: 409, code: 'not_allowed_now', message: 'The complaint is closed' })
  })
})
