import { describe, expect, it } from 'vitest'
import { periodChoices, tsmPage } from './viewModel.js'

describe('the board pack’s periods', () => {
  it('offers the 8 quarters and 12 months before today’s, then this financial year and the 3 before', () => {
    const choices = periodChoices('2026-05-14')
    expect(choices).toHaveLength(8 + 12 + 4)
    expect(choices[0]?.value).toBe('2025-Q4')
    expect(choices[7]?.value).toBe('2024-Q1')
    expect(choices[8]?.value).toBe('2026-04')
    expect(choices[19]?.value).toBe('2025-05')
    expect(choices.slice(20)).toEqual([
      { value: '2026', text: 'Financial year 2026/27' },
      { value: '2025', text: 'Financial year 2025/26' },
      { value: '2024', text: 'Financial year 2024/25' },
      { value: '2023', text: 'Financial year 2023/24' },
    ])
  })
})

describe('the TSM page', () => {
  const t = { rules: [], lcra: { homes: 12500 }, lcho: { homes: null } }

  it('offers next year and the 7 before, the one shown chosen, and the homes as recorded', () => {
    const m = tsmPage(t, 2025, 2025)
    expect(m.yearItems.map((i) => i.value)).toEqual([
      '2026',
      '2025',
      '2024',
      '2023',
      '2022',
      '2021',
      '2020',
      '2019',
    ])
    expect(m.yearItems.find((i) => i.selected)?.text).toBe('2025/26 (1 April 2025 to 31 March 2026)')
    expect(m.homes).toEqual({ lcra: '12500', lcho: '' })
    expect(m.notice).toBeUndefined()
  })

  it('shows the homes as typed when they were refused, and says when they were saved', () => {
    expect(
      tsmPage(t, 2025, 2025, { body: { lcra: '12,5OO', lcho: '40' }, errors: { lcra: 'Whole number' } })
        .homes,
    ).toEqual({
      lcra: '12,5OO',
      lcho: '40',
    })
    expect(tsmPage(t, 2025, 2025, { done: 'homes' }).notice).toBe(
      'Homes owned recorded; the measures below use them.',
    )
  })
})
