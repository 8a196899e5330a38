import type { FactCount } from '../src/domain/reports/factCounts.js'

/**
 * A fact count for a report test: counted, on no deadline, with no extension, not recorded late,
 * and whatever the test gives (a kind and a count at least).
 */
export const factCount = (f: Partial<FactCount> & Pick<FactCount, 'kind' | 'count'>): FactCount => ({
  key: '',
  tenure: null,
  counted: true,
  within: null,
  result: null,
  withExtension: false,
  recordedLate: false,
  amount: 0,
  ...f,
})
