import { describe, expect, it } from 'vitest'
import {
  codeMaxima,
  codeTimescales,
  defaultPolicy,
  internalTargetProblems,
  policyInForce,
  timescaleProblems,
} from './timescales.js'

describe('timescales against the Code', () => {
  it('defaults to the Code maxima 5, 10, 10, 5, 20, 20', () => {
    expect(codeMaxima).toEqual({
      acknowledgeDays: 5,
      stage1ResponseDays: 10,
      stage1MaxExtensionDays: 10,
      stage2AcknowledgeDays: 5,
      stage2ResponseDays: 20,
      stage2MaxExtensionDays: 20,
      residentUpdateDays: 20,
    })
    expect(timescaleProblems(codeMaxima)).toEqual([])
    // Code 5.9 sets no number: residents are updated every 10 working days unless the landlord says otherwise.
    expect(defaultPolicy.residentUpdateDays).toBe(10)
    expect(timescaleProblems({ residentUpdateDays: 25 })).toEqual([
      expect.objectContaining({ field: 'residentUpdateDays', provision: '5.9' }),
    ])
  })

  it.each([
    ['acknowledgeDays', 6, '6.2'],
    ['stage1ResponseDays', 11, '6.3'],
    ['stage1MaxExtensionDays', 11, '6.4'],
    ['stage2AcknowledgeDays', 6, '6.11'],
    ['stage2ResponseDays', 21, '6.14'],
    ['stage2MaxExtensionDays', 21, '6.15'],
  ] as const)('refuses %s = %i, naming Code %s', (field, value, provision) => {
    const problems = timescaleProblems({ [field]: value })
    expect(problems).toHaveLength(1)
    expect(problems[0]).toMatchObject({ field, provision })
    expect(problems[0]?.message).toMatch(new RegExp(`^Code ${provision.replace('.', '\\.')}: `))
    expect(problems[0]?.message).toContain('never more')
  })

  it('allows a landlord to be faster than the Code, and no extensions without good reason', () => {
    expect(
      timescaleProblems({ acknowledgeDays: 2, stage1ResponseDays: 8, stage1MaxExtensionDays: 0 }),
    ).toEqual([])
  })

  it('refuses nonsense', () => {
    expect(timescaleProblems({ acknowledgeDays: 0 })[0]?.message).toMatch(/1 or more/)
    expect(timescaleProblems({ stage2ResponseDays: 2.5 })[0]?.message).toMatch(/whole number/)
  })

  it('checks internal targets', () => {
    expect(
      internalTargetProblems([{ name: 'First contact', workingDays: 2, countedFrom: 'received' }]),
    ).toEqual([])
    expect(
      internalTargetProblems([
        { name: 'First contact', workingDays: 0, countedFrom: 'received' },
        { name: 'first contact', workingDays: 2, countedFrom: 'received' },
      ]).map((p) => p.field),
    ).toEqual(['internalTargets.0.workingDays', 'internalTargets.1.name'])
  })
})

describe('the policy in force on a date', () => {
  const versions = [
    { version: 1, effectiveFrom: '2024-04-01' },
    { version: 2, effectiveFrom: '2026-06-01' },
    { version: 3, effectiveFrom: '2026-06-01' },
    { version: 4, effectiveFrom: '2027-01-01' },
  ]
  it.each([
    ['2024-03-31', undefined],
    ['2024-04-01', 1],
    ['2026-05-31', 1],
    ['2026-06-01', 3],
    ['2026-12-31', 3],
    ['2027-01-01', 4],
  ])('on %s is version %s', (date, version) => {
    expect(policyInForce(versions, date)?.version).toBe(version)
  })
})

describe('Code 3.4: what the Code itself sets, for the published policy', () => {
  it('sets every maximum but the update interval, which Code 5.9 leaves to agreement with the resident', () => {
    expect(
      Object.entries(codeTimescales)
        .filter(([, t]) => !t.setByCode)
        .map(([k]) => k),
    ).toEqual(['residentUpdateDays'])
  })
})
