import { describe, expect, it } from 'vitest'
import type { CalendarDate } from '../calendar/calendarDate.js'
import { WorkflowError } from '../rules.js'
import {
  type CalculationInput,
  calculateRemedy,
  chosenRate,
  daysInWords,
  daysLost,
  pounds,
  type RateBasis,
} from './calculator.js'
import { type LandlordRates, ombudsmanRuleSetOn } from './ruleSets.js'

const set2024 = ombudsmanRuleSetOn('2026-03-31')
const set2026 = ombudsmanRuleSetOn('2026-04-01')
const ours: LandlordRates = {
  id: 'ours',
  source: 'Compensation policy v4',
  effectiveFrom: '2026-05-01',
  note: null,
  // Above the Ombudsman's for heating, below it for appointments, none for power.
  rates: { lossOfHeating: 20, heatingOrHotWater: 8, missedAppointment: 10 },
  createdAt: new Date('2026-04-20T10:00:00Z'),
}

describe('days lost: inclusive of the first and the last day', () => {
  it.each<[CalendarDate, CalendarDate, number, string]>([
    // Worked by hand: 3, 4, 5, 6, 7, 8, 9, 10 March.
    ['2026-03-03', '2026-03-10', 8, '3–10 March 2026'],
    ['2026-03-09', '2026-03-09', 1, '9 March 2026'],
    // 27, 28 February, 1, 2 March (2026 is not a leap year).
    ['2026-02-27', '2026-03-02', 4, '27 February – 2 March 2026'],
    // 27, 28, 29 February, 1 March (2028 is).
    ['2028-02-27', '2028-03-01', 4, '27 February – 1 March 2028'],
    // 30, 31 December, 1, 2 January.
    ['2025-12-30', '2026-01-02', 4, '30 December 2025 – 2 January 2026'],
    // Across the clocks going forward (29 March 2026): still whole days.
    ['2026-03-28', '2026-03-30', 3, '28–30 March 2026'],
  ])('%s to %s is %d days (%s)', (from, to, days, words) => {
    expect(daysLost(from, to)).toBe(days)
    expect(daysInWords(from, to)).toBe(words)
  })

  it.each<[number, string]>([
    [15, '£15'],
    [8.5, '£8.50'],
    [1200, '£1,200'],
  ])('writes %d as %s', (n, words) => {
    expect(pounds(n)).toBe(words)
  })
})

const calc = (input: Partial<CalculationInput> & { on: CalendarDate }, landlordRates?: LandlordRates) =>
  calculateRemedy({ losses: [], ...input }, { ruleSet: ombudsmanRuleSetOn(input.on), landlordRates })

describe('each defined sum of the 2026 guidance', () => {
  const on = '2026-04-10'
  it.each<[string, Partial<CalculationInput>, number, string]>([
    [
      'loss of heating',
      { losses: [{ kind: 'lossOfHeating', from: '2026-04-03', to: '2026-04-10' }] },
      120,
      'Heating and hot water lost 3–10 April 2026: 8 days × £15 = £120 (Ombudsman 2026 guidance)',
    ],
    [
      'heating or hot water alone',
      { losses: [{ kind: 'heatingOrHotWater', from: '2026-04-01', to: '2026-04-05' }] },
      40,
      'Heating or hot water lost 1–5 April 2026: 5 days × £8 = £40 (Ombudsman 2026 guidance)',
    ],
    [
      'loss of power',
      { losses: [{ kind: 'lossOfPower', from: '2026-04-09', to: '2026-04-09' }] },
      10,
      'Power lost 9 April 2026: 1 day × £10 = £10 (Ombudsman 2026 guidance)',
    ],
    [
      'missed appointments',
      { missedAppointments: 3 },
      45,
      '3 missed appointments × £15 = £45 (Ombudsman 2026 guidance)',
    ],
    [
      'one missed appointment',
      { missedAppointments: 1 },
      15,
      '1 missed appointment × £15 = £15 (Ombudsman 2026 guidance)',
    ],
    [
      'a band, at its lowest figure',
      { band: 'Adverse effect' },
      100,
      'Time and trouble, distress and inconvenience: £100, the lowest figure of the “Adverse effect” band (£100 to £600) (Ombudsman 2026 guidance)',
    ],
    [
      'a band, at a figure chosen within it',
      { band: 'Adverse effect', discretionary: 250 },
      250,
      'Time and trouble, distress and inconvenience: £250, in the “Adverse effect” band (£100 to £600) (Ombudsman 2026 guidance)',
    ],
    [
      'an amount with no band chosen, placed in the bands',
      { discretionary: 75 },
      75,
      'Time and trouble, distress and inconvenience: £75, in the “Minor failure” band (£50 to £100) (Ombudsman 2026 guidance)',
    ],
  ])('%s', (_what, input, amount, words) => {
    const c = calc({ on, ...input })
    expect(c.lines.map((l) => [l.amount, l.words])).toEqual([[amount, words]])
    expect(c.total).toBe(amount)
    expect(c.lines[0]?.source).toBe(set2026?.source)
  })

  it('adds the lines up, and leaves out losses with no dates', () => {
    const c = calc({
      on,
      losses: [
        { kind: 'lossOfHeating', from: '2026-04-03', to: '2026-04-10' },
        { kind: 'heatingOrHotWater', from: '', to: '' },
        { kind: 'lossOfPower', from: '2026-04-09', to: '2026-04-10' },
      ],
      missedAppointments: 2,
      band: 'Minor failure',
      discretionary: 60,
    })
    // 8 × 15 + 2 × 10 + 2 × 15 + 60 = 120 + 20 + 30 + 60
    expect(c.lines.map((l) => l.amount)).toEqual([120, 20, 30, 60])
    expect(c.total).toBe(230)
  })
})

describe('the set in force on the day of the response', () => {
  const input = {
    losses: [{ kind: 'lossOfHeating' as const, from: '2026-03-03', to: '2026-03-10' }],
    missedAppointments: 1,
  }
  it('on 31 March 2026: the 2024 guidance, which sets no daily sums', () => {
    const c = calc({ on: '2026-03-31', ...input })
    expect(c.ruleSet?.id).toBe(set2024?.id)
    expect(c.lines.map((l) => [l.amount, l.words])).toEqual([
      [
        null,
        'Heating and hot water lost 3–10 March 2026: 8 days, but no rate for it is set (the Ombudsman 2024 guidance has none, nor has our own policy); decide it within the bands',
      ],
      [null, '1 missed appointment, but no rate for them is set; decide it within the bands'],
    ])
    expect(c.total).toBe(0)
  })
  it('on 1 April 2026: the 2026 guidance’s defined sums', () => {
    const c = calc({ on: '2026-04-01', ...input })
    expect(c.ruleSet?.id).toBe('hos-2026')
    expect(c.lines.map((l) => l.amount)).toEqual([120, 15])
    expect(c.total).toBe(135)
  })
})

describe('the gap between the offer and the guidance', () => {
  it.each<[number, number, string]>([
    [75, -45, 'The offer of £75 is £45 below the guidance figure of £120'],
    [120, 0, 'The offer of £120 matches the guidance'],
    [150.5, 30.5, 'The offer of £150.50 is £30.50 above the guidance figure of £120'],
  ])('an offer of £%d', (offer, gap, words) => {
    const c = calc({
      on: '2026-04-10',
      losses: [{ kind: 'lossOfHeating', from: '2026-04-03', to: '2026-04-10' }],
      offer,
    })
    expect(c.gap).toEqual({ amount: gap, words })
  })
  it('is not given without an offer', () => {
    expect(calc({ on: '2026-04-10', missedAppointments: 1 }).gap).toBeUndefined()
  })
})

describe('the landlord’s own rates beside the Ombudsman’s', () => {
  it.each<[RateBasis, string, number | undefined, string | undefined]>([
    // The higher: ours for heating (£20 over £15).
    ['higher', 'lossOfHeating', 20, 'our policy from 1 May 2026; Ombudsman 2026 guidance sets £15'],
    // A tie (£8 each): the Ombudsman's.
    ['higher', 'heatingOrHotWater', 8, 'Ombudsman 2026 guidance; our policy from 1 May 2026 sets £8'],
    // Ours is lower for appointments: the Ombudsman's £15.
    ['higher', 'missedAppointment', 15, 'Ombudsman 2026 guidance; our policy from 1 May 2026 sets £10'],
    // We set none for power: the Ombudsman's alone.
    ['higher', 'lossOfPower', 10, 'Ombudsman 2026 guidance'],
    ['ombudsman', 'lossOfHeating', 15, 'Ombudsman 2026 guidance; our policy from 1 May 2026 sets £20'],
    ['landlord', 'missedAppointment', 10, 'our policy from 1 May 2026; Ombudsman 2026 guidance sets £15'],
    ['landlord', 'lossOfPower', undefined, undefined],
  ])('%s, %s: £%s', (basis, kind, rate, named) => {
    const r = chosenRate(kind as 'lossOfHeating', set2026, ours, basis)
    expect(r?.rate).toBe(rate)
    expect(r && (r.otherWords ? `${r.name}; ${r.otherWords}` : r.name)).toBe(named)
  })

  it('explains the line with the rate chosen and the other', () => {
    const c = calc(
      {
        on: '2026-05-04',
        losses: [{ kind: 'lossOfHeating', from: '2026-05-01', to: '2026-05-03' }],
        offer: 50,
      },
      ours,
    )
    expect(c.lines[0]?.words).toBe(
      'Heating and hot water lost 1–3 May 2026: 3 days × £20 = £60 (our policy from 1 May 2026; Ombudsman 2026 guidance sets £15)',
    )
    expect(c.lines[0]?.source).toBe('Landlord’s policy: Compensation policy v4')
    expect(c.gap?.words).toBe('The offer of £50 is £10 below the guidance figure of £60')
  })

  it('fills the 2024 guidance’s gaps with the landlord’s rates', () => {
    const c = calc({ on: '2026-03-31', missedAppointments: 2 }, ours)
    expect(c.lines[0]?.words).toBe('2 missed appointments × £10 = £20 (our policy from 1 May 2026)')
  })
})

describe('a calculation is refused', () => {
  const refused = (input: Partial<CalculationInput> & { on: CalendarDate }) => {
    try {
      calc(input)
    } catch (error) {
      if (error instanceof WorkflowError) return error.problems.map((p) => [p.field, p.message])
      throw error
    }
    throw new Error('expected a refusal')
  }
  it.each<[string, Partial<CalculationInput> & { on: CalendarDate }, [string | undefined, string][]]>([
    [
      'with no date of response',
      { on: '2026-02-30' },
      [['on', 'Give the date of the response, as a real date']],
    ],
    [
      'with a loss ending before it began, and one with no last day',
      {
        on: '2026-04-10',
        losses: [
          { kind: 'lossOfHeating', from: '2026-04-05', to: '2026-04-04' },
          { kind: 'lossOfPower', from: '2026-04-05', to: '' },
        ],
      },
      [
        ['lossOfHeating.to', 'Loss of heating and hot water: the last day must be on or after the first'],
        ['lossOfPower.to', 'Loss of power: give the last day without it, as a real date'],
      ],
    ],
    [
      'with days without heating and hot water also counted as days without one of them',
      {
        on: '2026-04-20',
        losses: [
          { kind: 'lossOfHeating', from: '2026-04-03', to: '2026-04-10' },
          { kind: 'heatingOrHotWater', from: '2026-04-10', to: '2026-04-14' },
        ],
      },
      [
        [
          'heatingOrHotWater.from',
          'Loss of heating or hot water (one of them): its days overlap 3–10 April 2026, counted as loss of heating and hot water; a day counts once, so give days that do not overlap',
        ],
      ],
    ],
    [
      'with missed appointments not a whole number',
      { on: '2026-04-10', missedAppointments: 1.5 },
      [['missedAppointments', 'Missed appointments: give a whole number from 0 to 100']],
    ],
    [
      'with a band that is not in the guidance, and a negative offer',
      { on: '2026-04-10', band: 'Huge', offer: -1 },
      [
        ['band', 'Code 7.4: choose one of the bands of the Ombudsman 2026 guidance'],
        ['offer', 'The offer: give the amount in pounds, £0 or more'],
      ],
    ],
    [
      'with an amount outside the band chosen',
      { on: '2026-04-10', band: 'Minor failure', discretionary: 150 },
      [
        [
          'discretionary',
          'Code 7.4: £150 is outside the “Minor failure” band (£50 to £100); choose the band it is in or change the amount',
        ],
      ],
    ],
  ])('%s', (_what, input, expected) => {
    expect(refused(input)).toEqual(expected)
  })
})
