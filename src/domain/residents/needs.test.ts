import { describe, expect, it } from 'vitest'
import { Problems } from '../rules.js'

import {
  type Adjustments,
  adjustmentsInWords,
  checkAdjustments,
  checkUpdatePreference,
  type UpdatePreference,
  updateIntervalFor,
} from './needs.js'

describe('the adjustments a resident asks for (Code 3.2)', () => {
  it.each<[string, Adjustments | undefined, Adjustments | undefined, [string, string][]]>([
    ['none asked', undefined, undefined, []],
    ['nothing chosen or said', { needs: [] }, undefined, []],
    ['each once', { needs: ['large_print', 'large_print'] }, { needs: ['large_print'] }, []],
    [
      'a language, with the language',
      { needs: ['another_language'], language: ' Polish ' },
      { needs: ['another_language'], language: 'Polish' },
      [],
    ],
    [
      'a language without saying which',
      { needs: ['another_language'] },
      { needs: ['another_language'] },
      [['adjustments.language', 'Code 3.2: say which language you would like information in']],
    ],
    [
      'calls at set times without saying when',
      { needs: ['call_at_set_times'], language: 'Polish' },
      { needs: ['call_at_set_times'] },
      [['adjustments.callTimes', 'Code 3.2: say when it suits you to be called']],
    ],
    [
      'only words',
      { needs: [], details: ' Please knock loudly ' },
      { needs: [], details: 'Please knock loudly' },
      [],
    ],
    [
      'one not on the list',
      { needs: ['pony'] as unknown as Adjustments['needs'] },
      { needs: ['pony'] as unknown as Adjustments['needs'] },
      [
        [
          'adjustments.needs',
          'Choose adjustments from: large_print, easy_read, braille, bsl, another_language, call_at_set_times, someone_to_speak_for_me',
        ],
      ],
    ],
  ])('%s', (_what, input, kept, refused) => {
    const problems = new Problems()
    expect(checkAdjustments(input, problems)).toEqual(kept)
    expect(problems.list.map((p) => [p.field, p.message])).toEqual(refused)
  })

  it.each<[Adjustments, string]>([
    [{ needs: ['large_print', 'bsl'] }, 'Letters in large print; A British Sign Language (BSL) interpreter'],
    [
      {
        needs: ['another_language', 'call_at_set_times'],
        language: 'Polish',
        callTimes: 'after 4pm',
        details: 'Knock loudly',
      },
      'Information in another language (Polish); Phone calls only at set times (after 4pm); Knock loudly',
    ],
  ])('%j in words', (a, words) => {
    expect(adjustmentsInWords(a)).toBe(words)
  })
})

describe('how and how often the resident hears from us (Code 5.9)', () => {
  it.each<[{ method?: string; frequency?: string } | undefined, UpdatePreference | undefined, string[]]>([
    [undefined, undefined, []],
    [{ method: 'email', frequency: 'weekly' }, { method: 'email', frequency: 'weekly' }, []],
    [{ method: 'pigeon', frequency: 'weekly' }, undefined, ['updatePreference.method']],
    [{ method: 'phone', frequency: 'daily' }, undefined, ['updatePreference.frequency']],
    [{}, undefined, ['updatePreference.method', 'updatePreference.frequency']],
  ])('%j', (input, kept, fields) => {
    const problems = new Problems()
    expect(checkUpdatePreference(input, problems)).toEqual(kept)
    expect(problems.list.map((p) => p.field)).toEqual(fields)
  })

  it.each<[UpdatePreference | undefined, number, number]>([
    [undefined, 10, 10],
    [{ method: 'email', frequency: 'weekly' }, 10, 5],
    [{ method: 'email', frequency: 'fortnightly' }, 10, 10],
    [{ method: 'email', frequency: 'when_something_changes' }, 10, 10],
    // Never less often than the landlord's own policy.
    [{ method: 'email', frequency: 'fortnightly' }, 7, 7],
    [{ method: 'email', frequency: 'weekly' }, 3, 3],
  ])('%j with a policy of %i working days: every %i', (preference, policy, days) => {
    expect(updateIntervalFor(preference, policy)).toBe(days)
  })
})
