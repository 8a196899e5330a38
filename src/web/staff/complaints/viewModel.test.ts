import { describe, expect, it } from 'vitest'
import { acknowledged, historyOf, received, response, steps } from '../../../../test/complaintHistories.js'
import type { ComplaintEventData } from '../../../domain/complaints/events.js'
import { transitions } from '../../../domain/complaints/workflow.js'
import {
  caseActions,
  caseDocuments,
  caseLetters,
  caseNotice,
  caseTimeline,
  recordedLateCount,
  stageEvidence,
} from './viewModel.js'

type V = {
  allowedActions: ('acknowledge' | 'withdraw' | 'attachDocument' | 'addNote')[]
  vulnerable: boolean
}
const forms = [
  { path: 'acknowledge', action: 'acknowledge' as const, done: 'Acknowledged.' },
  { path: 'withdraw', action: 'withdraw' as const, done: 'Withdrawn.', offered: (v: V) => v.vulnerable },
  { path: 'note', action: 'addNote' as const, done: 'Note added.' },
]

describe('the case page', () => {
  it('offers the forms the workflow allows now and that fit the case, then attaching a document', () => {
    const actions = caseActions(forms, {
      allowedActions: ['acknowledge', 'withdraw', 'attachDocument'],
      vulnerable: false,
    })
    expect(actions).toEqual([
      { path: 'acknowledge', label: transitions.acknowledge.label },
      { path: 'document', label: transitions.attachDocument.label },
    ])
    expect(caseActions(forms, { allowedActions: ['withdraw'], vulnerable: true }).map((a) => a.path)).toEqual(
      ['withdraw'],
    )
  })

  it('says what was just done: a letter reissued, the complaint logged with its reference, or a form’s own words', () => {
    expect(caseNotice('logged', 'CMP-2026-000001', forms)).toMatch(/^Complaint CMP-2026-000001 logged\./)
    expect(caseNotice('reissued', 'x', forms)).toMatch(/^Letter reissued/)
    expect(caseNotice('note', 'x', forms)).toBe('Note added.')
    expect(caseNotice(undefined, 'x', forms)).toBeUndefined()
  })

  it('shows each letter with its emails and its post, and each document’s size and uploader', () => {
    const letters = caseLetters([{ id: 'l1', kind: 'acknowledgement' }], {
      messages: [
        { id: 'm1', letterId: 'l1' },
        { id: 'm2', letterId: null },
      ],
      postal: [{ letterId: 'l1', postedAt: 'today' }],
    })
    expect(letters[0]?.emails.map((m) => m.id)).toEqual(['m1'])
    expect(letters[0]?.post).toEqual({ letterId: 'l1', postedAt: 'today' })
    const docs = caseDocuments(
      [
        { size: 100, uploadedBy: 's1' },
        { size: 5 * 1024 * 1024, uploadedBy: null },
      ],
      new Map([['s1', 'Priya Shah']]),
    )
    expect(docs.map((d) => [d.kb, d.uploadedByName])).toEqual([
      [1, 'Priya Shah'],
      [5120, 'Unknown'],
    ])
  })

  it('tells the history newest first, marking what was recorded over an hour after it happened', () => {
    const c = historyOf(steps.stage1)
    const timeline = caseTimeline(c, new Map([['someone', 'Sam Jones']]))
    expect(timeline).toHaveLength(2)
    expect(timeline[0]?.at.getTime()).toBeGreaterThan(timeline[1]?.at.getTime() ?? 0)
    expect(timeline.map((e) => [e.by, e.late])).toEqual([
      ['Sam Jones', true],
      ['Sam Jones', true],
    ])
  })

  it('counts recordings declared late once, however many events one wrote', () => {
    const at = new Date('2026-03-20T10:00:00Z')
    expect(
      recordedLateCount([
        { recordedLate: { reason: 'x' }, recordedAt: at },
        { recordedLate: { reason: 'x' }, recordedAt: at },
        { recordedLate: undefined, recordedAt: new Date('2026-03-21T10:00:00Z') },
      ]),
    ).toBe(1)
  })
})

describe('what each stage records for the Code (5.8, 5.9, 6.20)', () => {
  it('shows a declaration, an agreed interval and who was involved; a gap as missing, never as none', () => {
    const stage2 = historyOf([
      received,
      {
        ...acknowledged(5),
        updateIntervalAgreed: true,
        conflictOfInterest: { declared: 'none' },
      } as ComplaintEventData,
      response(1),
      { type: 'complaint.escalation_requested', policyVersion: 1 },
      {
        type: 'complaint.acknowledged',
        stage: 2,
        handlerId: 'handler-b',
        definition: {
          issues: [{ id: 'i2', summary: 'Mould' }],
          outcomesSought: ['Fix it'],
          notResponsibleFor: [],
        },
        updateIntervalDays: 10,
      },
      { ...response(2), involved: [{ name: 'Sam Green', role: 'Repairs manager' }] } as ComplaintEventData,
    ])
    const e = stageEvidence(stage2)
    expect(e[1]).toEqual({
      conflict: { text: 'No conflict of interest declared by the handler', missing: false },
      updateInterval: 'Every 5 working days, agreed with the resident',
      involved: { text: 'Not recorded: who was involved in the final response', missing: true },
    })
    expect(e[2]).toMatchObject({
      conflict: { missing: true },
      updateInterval: 'Every 10 working days: the default (not agreed with the resident)',
      involved: { text: 'Sam Green (Repairs manager)', missing: false },
    })
    expect(stageEvidence(historyOf(steps.received))[1]?.updateInterval).toBe('Not yet set')
  })
})
