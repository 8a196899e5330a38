import { describe, expect, it } from 'vitest'
import { availableHazardActions, hazardActions } from '../../../domain/hazards/decisions.js'
import { foldHazard } from '../../../domain/hazards/hazard.js'
import { hazardPage, kindItems } from './viewModel.js'

const hazard = foldHazard('h1', [
  {
    type: 'hazard.identified',
    complaintId: 'c1',
    kind: 'damp_and_mould',
    awareAt: '2026-03-02T09:00:00Z',
    description: 'Black mould in the bedroom',
    seq: 1,
    at: new Date('2026-03-02T09:05:00Z'),
    by: 's1',
  },
])
const steps = [
  {
    step: 'investigation',
    path: 'investigation',
    done: 'Investigation recorded: the written summary is now due.',
  },
  { step: 'reclassify', path: 'kind', done: 'The kind of hazard is changed, and its clocks with it.' },
]
const page = (context: { canRecord: boolean; done?: string }) =>
  hazardPage({ hazard }, { steps, staffNames: new Map([['s1', 'Priya Shah']]), ...context })

describe('the hazard page', () => {
  it('offers the steps that fit now, each linked to its form, to those who may record them', () => {
    const m = page({ canRecord: true })
    expect(m.actions).toEqual(
      availableHazardActions(hazard).map((a) => ({
        path: steps.find((s) => s.step === a)?.path,
        label: hazardActions[a].label,
      })),
    )
    expect(m.actions[0]).toEqual({ path: 'investigation', label: 'Record the investigation' })
    expect(page({ canRecord: false }).actions).toEqual([])
  })

  it('tells its history with who recorded each step, and the notice after a step', () => {
    const m = page({ canRecord: false, done: 'kind' })
    expect(m.history.map((h) => h.by)).toEqual(['Priya Shah'])
    expect(m.notice).toBe('The kind of hazard is changed, and its clocks with it.')
    expect(page({ canRecord: false, done: 'identified' }).notice).toMatch(/clocks are running/)
    expect(page({ canRecord: false }).notice).toBeUndefined()
  })

  it('offers each kind of hazard with its hint, the one chosen checked', () => {
    const items = kindItems('damp_and_mould')
    expect(items.filter((i) => i.checked).map((i) => i.value)).toEqual(['damp_and_mould'])
    expect(items.every((i) => i.hint.text.length > 0)).toBe(true)
  })
})
