import { describe, expect, it } from 'vitest'
import { foldServiceRequest } from '../../../domain/serviceRequests/serviceRequest.js'
import { channelItems, requestKindItems, requestPage } from './viewModel.js'

const at = new Date('2026-03-02T09:00:00Z')
const request = foldServiceRequest('r1', [
  {
    type: 'service_request.logged',
    reference: 'SR-000001',
    kind: 'repair',
    summary: 'Leaking tap',
    resident: { name: 'Asha Patel' },
    openedOn: '2026-03-02',
    source: 'staff',
    seq: 1,
    at,
    by: null,
  },
  {
    type: 'service_request.survey_comment',
    comment: 'Still waiting, very unhappy',
    score: 1,
    dissatisfied: true,
    reasons: ['unhappy'],
    seq: 2,
    at,
    by: null,
  },
  {
    type: 'service_request.survey_comment',
    comment: 'Thanks',
    score: 5,
    dissatisfied: false,
    reasons: [],
    seq: 3,
    at,
    by: null,
  },
])

describe('the service request page', () => {
  it('names the kind, and offers only the dissatisfied comments not yet answered (Code 1.6)', () => {
    const m = requestPage(request)
    expect(m.kindLabel).toBe('Repair')
    expect(m.toOffer.map((c) => c.comment)).toEqual(['Still waiting, very unhappy'])
    expect(m.notice).toBeUndefined()
  })

  it('says what was just recorded, with the reference when the request is registered', () => {
    expect(requestPage(request, 'logged').notice).toBe('Service request SR-000001 registered.')
    expect(requestPage(request, 'closed').notice).toBe('Service request closed.')
    expect(requestPage(request, 'toString').notice).toBeUndefined()
  })

  it('checks the kind and the channel typed', () => {
    expect(
      requestKindItems({ kind: 'lettings' })
        .filter((i) => i.checked)
        .map((i) => i.value),
    ).toEqual(['lettings'])
    expect(requestKindItems(undefined).some((i) => i.checked)).toBe(false)
    expect(
      channelItems({ channel: 'phone' })
        .filter((i) => i.checked)
        .map((i) => i.value),
    ).toEqual(['phone'])
  })
})
