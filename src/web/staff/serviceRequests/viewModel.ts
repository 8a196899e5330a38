import { channelLabels, channels } from '../../../domain/complaints/vocabulary.js'
import {
  commentsToOffer,
  requestKindLabels,
  requestKinds,
  type ServiceRequest,
} from '../../../domain/serviceRequests/serviceRequest.js'
import { type FormBody, field } from '../../forms.js'

const notices: Record<string, string> = {
  complaint: 'Complaint logged and linked. The service request stays open and carries on.',
  comment: 'Survey comment recorded.',
  declined: 'Recorded: the resident was offered a complaint and chose not to make one.',
  closed: 'Service request closed.',
}

/**
 * One service request: its kind in words, the dissatisfied survey comments still to offer as a
 * complaint (Code 1.6), and the notice after something was recorded on it (`done`).
 */
export function requestPage(r: ServiceRequest, done?: string) {
  return {
    r,
    kindLabel: requestKindLabels[r.kind],
    toOffer: commentsToOffer(r),
    notice:
      done === 'logged'
        ? `Service request ${r.reference} registered.`
        : done && Object.hasOwn(notices, done)
          ? notices[done]
          : undefined,
  }
}

/** Radio items for the kinds of request, the one typed checked. */
export const requestKindItems = (body: FormBody | undefined) =>
  requestKinds.map((k) => ({
    value: k,
    text: requestKindLabels[k],
    checked: body ? field(body, 'kind') === k : false,
  }))

/** Radio items for how the resident complained, the one typed checked. */
export const channelItems = (body: FormBody | undefined) =>
  channels.map((c) => ({
    value: c,
    text: channelLabels[c],
    checked: body ? field(body, 'channel') === c : false,
  }))
