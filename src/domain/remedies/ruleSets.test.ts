import { describe, expect, it } from 'vitest'
import type { CalendarDate } from '../calendar/calendarDate.js'
import { WorkflowError } from '../rules.js'
import { guidanceInForce } from './guidance.js'
import {
  decideLandlordRates,
  type LandlordRates,
  type LandlordRatesInput,
  ombudsmanRuleSetOn,
  ombudsmanRuleSets,
} from './ruleSets.js'

describe('the Ombudsman’s guidance in force on a day (Code 7.4)', () => {
  it.each<[CalendarDate, string | undefined, Record<string, number>]>([
    ['2024-03-31', undefined, {}],
    ['2024-04-01', 'hos-2024', {}],
    // The last day of the 2024 bands, and the first of the 2026 guidance's defined sums.
    ['2026-03-31', 'hos-2024', {}],
    [
      '2026-04-01',
      'hos-2026',
      { lossOfHeating: 15, heatingOrHotWater: 8, lossOfPower: 10, missedAppointment: 15 },
    ],
    [
      '2030-01-01',
      'hos-2026',
      { lossOfHeating: 15, heatingOrHotWater: 8, lossOfPower: 10, missedAppointment: 15 },
    ],
  ])('on %s: %s', (on, id, rates) => {
    const set = ombudsmanRuleSetOn(on)
    expect(set?.id).toBe(id)
    expect(set?.rates ?? {}).toEqual(rates)
  })

  it('says of every set where its figures come from and the date they are in force from', () => {
    expect(ombudsmanRuleSets.map((s) => s.source)).toEqual([
      'Housing Ombudsman remedies guidance, revised April 2024, in force from 1 April 2024 to 31 March 2026',
      'Housing Ombudsman compensation guidance, published 3 February 2026, in force from 1 April 2026',
    ])
    // The 2026 bands are the 2024 values, and the set says so.
    expect(ombudsmanRuleSets[1]?.note).toContain('are the 2024 band values, kept because')
  })

  it('leaves no day between one set and the next', () => {
    for (const [i, s] of ombudsmanRuleSets.entries()) {
      const next = ombudsmanRuleSets[i + 1]
      if (!next) expect(s.effectiveTo).toBeNull()
      else
        expect(ombudsmanRuleSetOn(next.effectiveFrom)?.id).not.toBe(
          ombudsmanRuleSetOn(s.effectiveTo ?? '')?.id,
        )
    }
  })
})

const version = (id: string, effectiveFrom: string, createdAt: string): LandlordRates => ({
  id,
  source: `Policy ${id}`,
  effectiveFrom: effectiveFrom as CalendarDate,
  note: null,
  rates: { lossOfHeating: 20 },
  createdAt: new Date(createdAt),
})

describe('the landlord’s own rates in force on a day', () => {
  const versions = [
    version('a', '2026-05-01', '2026-04-20T10:00:00Z'),
    version('b', '2026-09-01', '2026-08-01T10:00:00Z'),
    version('b-fixed', '2026-09-01', '2026-08-02T10:00:00Z'),
  ]
  it.each<[CalendarDate, string | undefined]>([
    ['2026-04-30', undefined],
    ['2026-05-01', 'a'],
    ['2026-08-31', 'a'],
    // Two versions from the same day: the newer, which corrected the other.
    ['2026-09-01', 'b-fixed'],
  ])('on %s: %s', (on, id) => {
    expect(guidanceInForce(versions, on)?.id).toBe(id)
  })
})

describe('a new version of the landlord’s rates', () => {
  it('keeps the rates given, and the note only when there is one', () => {
    expect(
      decideLandlordRates({
        source: ' Compensation policy v4, Board 12 March 2026 ',
        effectiveFrom: '2026-05-01',
        note: ' ',
        rates: { lossOfHeating: 20, missedAppointment: 25.5 },
      }),
    ).toEqual({
      source: 'Compensation policy v4, Board 12 March 2026',
      effectiveFrom: '2026-05-01',
      note: null,
      rates: { lossOfHeating: 20, missedAppointment: 25.5 },
    })
  })

  const refused = (input: LandlordRatesInput) => {
    try {
      decideLandlordRates(input)
    } catch (error) {
      if (error instanceof WorkflowError) return error.problems.map((p) => [p.field, p.message])
      throw error
    }
    throw new Error('expected a refusal')
  }
  it.each<[string, LandlordRatesInput, [string | undefined, string][]]>([
    [
      'nothing',
      { rates: {} },
      [
        [
          'source',
          'Code 7.4: say where the rates come from, for example the compensation policy and the meeting that approved it',
        ],
        ['effectiveFrom', 'Give the date the rates take effect from, as a real date'],
        ['rates', 'Give at least one rate'],
      ],
    ],
    [
      'a rate of nothing, one too big and one in fractions of a penny',
      {
        source: 'Policy',
        effectiveFrom: '2026-02-30',
        rates: { lossOfHeating: 0, lossOfPower: 1500, missedAppointment: 10.005 },
      },
      [
        ['effectiveFrom', 'Give the date the rates take effect from, as a real date'],
        [
          'rates.lossOfHeating',
          'Loss of heating and hot water: give the rate in pounds a day, more than £0 and at most £1000',
        ],
        ['rates.lossOfPower', 'Loss of power: give the rate in pounds a day, more than £0 and at most £1000'],
        [
          'rates.missedAppointment',
          'Missed appointment: give the rate in pounds an appointment, more than £0 and at most £1000',
        ],
      ],
    ],
  ])('is refused with %s', (_what, input, expected) => {
    expect(refused(input)).toEqual(expected)
  })
})
