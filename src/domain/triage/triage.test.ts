import { describe, expect, it } from 'vitest'
import { defaultTriageRules, suggestTriage, type TriageFacts, wordsFound } from './triage.js'

const none: TriageFacts = { vulnerable: false, earlierFromResident: 0, earlierAtAddress: 0, categories: 1 }

describe('triage at intake (Code 6.1)', () => {
  it('matches whole words in any case, with * for any ending, and phrases across spaces', () => {
    expect(wordsFound('The wall is MOULDY and it keeps Leaking', ['mould*', 'leak*'])).toEqual([
      'MOULDY',
      'Leaking',
    ])
    // "gas" is a whole word: a gasket is not gas; "no heating" matches across a line break.
    expect(wordsFound('New gasket fitted', ['gas'])).toEqual([])
    expect(wordsFound('We have had no\nheating since Friday', ['no heating'])).toEqual(['no\nheating'])
  })

  it('suggests a damp and mould complaint as high priority, naming the words, and offers the hazard', () => {
    const s = suggestTriage('Black mould and damp in the bedroom again', none, defaultTriageRules)
    expect(s).toEqual({
      priority: 'high',
      flags: [
        {
          ruleId: 'damp-and-mould',
          flag: 'Damp and mould',
          priority: 'high',
          reasons: ['Mentions “damp”, “mould”'],
        },
      ],
      hazard: 'damp_and_mould',
    })
  })

  it('puts an emergency first: urgent priority, and the emergency hazard over damp and mould', () => {
    const s = suggestTriage('Damp walls and the sockets are sparking', none, defaultTriageRules)
    expect(s.priority).toBe('urgent')
    expect(s.flags.map((f) => f.flag)).toEqual(['Safety risk', 'Damp and mould'])
    expect(s.hazard).toBe('emergency')
  })

  it('raises flags from the records, each with its reason, at their thresholds', () => {
    const s = suggestTriage(
      'The repair was not done',
      { vulnerable: true, earlierFromResident: 2, earlierAtAddress: 1, categories: 3 },
      defaultTriageRules,
    )
    expect(s.priority).toBe('high')
    expect(s.flags.map((f) => [f.flag, f.reasons[0]])).toEqual([
      ['Vulnerability disclosed', 'The resident has disclosed a vulnerability or asked for adjustments'],
      ['Repeat complainant', '2 earlier complaints from this resident in the last 12 months'],
      ['Complex', 'It spans 3 categories'],
    ])
  })

  it('is normal priority with no flags when nothing matches, and skips switched-off rules', () => {
    expect(suggestTriage('The gardener was rude', none, defaultTriageRules)).toEqual({
      priority: 'normal',
      flags: [],
    })
    const off = defaultTriageRules.map((r) => (r.id === 'damp-and-mould' ? { ...r, active: false } : r))
    expect(suggestTriage('Mould everywhere', none, off).flags).toEqual([])
  })
})
