import { describe, expect, it } from 'vitest'
import { plural, tidyStops } from './plural.js'

describe('counts and stops in words', () => {
  it.each([
    [0, 'complaint', undefined, '0 complaints'],
    [1, 'complaint', undefined, '1 complaint'],
    [2, 'working day', undefined, '2 working days'],
    [1, 'category', 'categories', '1 category'],
    [3, 'category', 'categories', '3 categories'],
    [12500, 'complaint', undefined, '12,500 complaints'],
  ])('%i %s', (n, one, many, expected) => {
    expect(plural(n, one, many)).toBe(expected)
  })

  it.each([
    [
      'We agreed to pay £50 for the delay.. This is made up of',
      'We agreed to pay £50 for the delay. This is made up of',
    ],
    ['Why?. Because', 'Why? Because'],
    ['It ended.\nNext', 'It ended.\nNext'],
    ['Wait... then', 'Wait... then'],
    ['See www.example.org.', 'See www.example.org.'],
    ['Done..', 'Done.'],
  ])('%j', (text, expected) => {
    expect(tidyStops(text)).toBe(expected)
  })
})
