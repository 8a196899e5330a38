import { describe, expect, it } from 'vitest'
import type { Complaint } from '../../../domain/complaints/complaint.js'
import { calculateRemedy } from '../../../domain/remedies/calculator.js'
import { type LandlordRates, ombudsmanRuleSetOn } from '../../../domain/remedies/ruleSets.js'
import {
  calculatorFieldFor,
  calculatorInput,
  calculatorPage,
  checkedOn,
  offerOf,
  ratesBeside,
  ratesPage,
} from './viewModel.js'

const ours: LandlordRates = {
  id: 'v1',
  source: 'Compensation policy v4',
  effectiveFrom: '2026-05-01',
  note: null,
  rates: { lossOfHeating: 20, missedAppointment: 10 },
  createdAt: new Date('2026-04-20T10:00:00Z'),
}
const complaint = (response?: { on: string; amounts: number[] }) =>
  ({
    stage: 1,
    stages: {
      1: {
        stage: 1,
        ...(response
          ? {
              response: {
                on: response.on,
                remedies: [
                  { type: 'apology' },
                  ...response.amounts.map((amount) => ({ type: 'financial', amount })),
                ],
              },
            }
          : {}),
      },
    },
  }) as unknown as Complaint

describe('the day a remedy is checked on', () => {
  it.each<[string, Complaint | undefined, string | undefined, string, string]>([
    [
      'a response',
      complaint({ on: '2026-03-31', amounts: [] }),
      undefined,
      '2026-03-31',
      'the date of the stage 1 response, 31 March 2026',
    ],
    [
      'no response yet',
      complaint(),
      undefined,
      '2026-04-20',
      'today, 20 April 2026: the stage is not yet responded to',
    ],
    ['no complaint, a date given', undefined, '2026-04-01', '2026-04-01', 'the date given, 1 April 2026'],
    ['no complaint, no date', undefined, undefined, '2026-04-20', 'today, 20 April 2026'],
  ])('%s', (_what, c, asked, on, why) => {
    expect(checkedOn(c, '2026-04-20', asked)).toEqual({ on, why })
  })

  it('takes the offer from the response’s financial remedies', () => {
    expect(offerOf(complaint({ on: '2026-03-31', amounts: [50, 25.5] }))).toBe(75.5)
    expect(offerOf(complaint({ on: '2026-03-31', amounts: [] }))).toBeUndefined()
    expect(offerOf(undefined)).toBeUndefined()
  })
})

describe('what the calculator form asked', () => {
  it('reads the dates, counts and amounts typed, leaving out blank losses', () => {
    const { input, errors } = calculatorInput(
      {
        'lossOfHeating-from-day': '3',
        'lossOfHeating-from-month': '4',
        'lossOfHeating-from-year': '2026',
        'lossOfHeating-to-day': '10',
        'lossOfHeating-to-month': '4',
        'lossOfHeating-to-year': '2026',
        missedAppointments: '2',
        band: 'Minor failure',
        discretionary: '£75',
        offer: '1,200.50',
        basis: 'landlord',
      },
      '2026-04-20',
    )
    expect(errors).toEqual({})
    expect(input).toEqual({
      on: '2026-04-20',
      losses: [{ kind: 'lossOfHeating', from: '2026-04-03', to: '2026-04-10' }],
      missedAppointments: 2,
      band: 'Minor failure',
      discretionary: 75,
      offer: 1200.5,
      basis: 'landlord',
    })
  })

  it('says which fields it could not read, and takes the higher rate for a basis it does not know', () => {
    const { input, errors } = calculatorInput(
      {
        'lossOfPower-to-day': '31',
        'lossOfPower-to-month': '4',
        'lossOfPower-to-year': '2026',
        missedAppointments: '1.5',
        offer: 'lots',
        basis: 'cheapest',
      },
      '2026-04-20',
    )
    expect(errors).toEqual({
      'lossOfPower-to': 'Loss of power: the last day must be a real date, with a day, month and year',
      missedAppointments: 'Missed appointments: enter a whole number, for example 2',
      offer: 'The offer: enter an amount in pounds, for example 150 or 150.50',
    })
    expect(input.basis).toBe('higher')
  })

  it('shows a rule’s field beside the form’s date input', () => {
    expect(calculatorFieldFor('lossOfHeating.to')).toBe('lossOfHeating-to')
    expect(calculatorFieldFor('band')).toBe('band')
  })
})

describe('the calculator page', () => {
  const ruleSet = ombudsmanRuleSetOn('2026-05-04')
  it('puts each rate beside its source and date, ours beside the Ombudsman’s', () => {
    expect(
      ratesBeside(ruleSet, ours).map((r) => [r.label, r.ombudsman.figure, r.ours?.figure, r.ours?.below]),
    ).toEqual([
      ['Loss of heating and hot water', '£15 a day', '£20 a day', false],
      ['Loss of heating or hot water (one of them)', '£8 a day', undefined, undefined],
      ['Loss of power', '£10 a day', undefined, undefined],
      ['Missed appointment', '£15 an appointment', '£10 an appointment', true],
    ])
    expect(ratesBeside(ruleSet, ours)[0]?.ours?.source).toBe(
      'Compensation policy v4, in force from 1 May 2026',
    )
    expect(ratesBeside(ombudsmanRuleSetOn('2026-03-31'), undefined)[0]?.ombudsman).toEqual({
      figure: 'None set',
      source:
        'Housing Ombudsman remedies guidance, revised April 2024, in force from 1 April 2024 to 31 March 2026',
    })
  })

  it('shows the result, line by line, with the total and the gap; and the complaint’s offer until one is typed', () => {
    const calculation = calculateRemedy(
      { on: '2026-05-04', losses: [], missedAppointments: 2, offer: 20 },
      { ruleSet, landlordRates: ours },
    )
    const page = calculatorPage({
      on: { on: '2026-05-04', why: 'today' },
      ruleSet,
      landlordRates: ours,
      query: { calculate: '1', offer: '20' },
      offer: 99,
      calculation,
    })
    expect(page.result).toEqual({
      lines: [
        {
          words:
            '2 missed appointments × £15 = £30 (Ombudsman 2026 guidance; our policy from 1 May 2026 sets £10)',
          amount: '£30',
          source: ruleSet?.source,
        },
      ],
      total: '£30',
      gap: { amount: -10, words: 'The offer of £20 is £10 below the guidance figure of £30' },
    })
    expect(page.offer).toBe('20')
    expect(
      calculatorPage({
        on: { on: '2026-05-04', why: 'today' },
        ruleSet,
        landlordRates: ours,
        query: {},
        offer: 99,
      }).offer,
    ).toBe('99')
    expect(page.bandItems.map((b) => b.text)[1]).toBe('Minor failure: £50 to £100')
    expect(page.onItems.map((i) => i.value)).toEqual(['', '', ''])
    expect(
      calculatorPage({
        on: { on: '2026-05-04', why: 'today' },
        ruleSet,
        landlordRates: undefined,
        query: {},
      }).onItems.map((i) => i.value),
    ).toEqual(['4', '5', '2026'])
  })
})

describe('the landlord’s rates page', () => {
  it('lists every version, the one in force marked, blank rates saying the Ombudsman’s applies', () => {
    const page = ratesPage({ versions: [ours], inForceId: 'v1', ruleSet: ombudsmanRuleSetOn('2026-05-04') })
    expect(page.versions).toEqual([
      {
        id: 'v1',
        inForce: true,
        heading: 'From 1 May 2026',
        source: 'Compensation policy v4',
        note: null,
        rows: [
          { label: 'Loss of heating and hot water', figure: '£20 a day' },
          {
            label: 'Loss of heating or hot water (one of them)',
            figure: 'None set (the Ombudsman’s applies)',
          },
          { label: 'Loss of power', figure: 'None set (the Ombudsman’s applies)' },
          { label: 'Missed appointment', figure: '£10 an appointment' },
        ],
      },
    ])
    expect(page.ombudsman?.source).toBe(
      'Housing Ombudsman compensation guidance, published 3 February 2026, in force from 1 April 2026',
    )
  })
})
