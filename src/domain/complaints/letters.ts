import {
  type CalendarDate,
  formatDateInWords,
  formatLongDate,
  londonDateOf,
} from '../calendar/calendarDate.js'
import { postalAddressOf } from '../letters/postalAddress.js'
import { letterAddressee } from '../letters/recipient.js'
import type { LetterHouseStyle, LetterTemplate } from '../letters/templates.js'
import { remedyInWords, remedyOffered } from '../remedies/followThrough.js'
import { type CompensationPart, compensationPartLabels, money } from '../remedies/vocabulary.js'
import { plural, tidyStops } from '../text/plural.js'
import { type Complaint, consentNeeded, currentStageRecord, outstandingActions } from './complaint.js'
import type { Deadline } from './deadlines.js'
import type { LetterKind } from './events.js'
import { decisionLabels, HOUSING_OMBUDSMAN, type Stage } from './vocabulary.js'

export type LetterContext = {
  landlordName: string
  issuedOn: CalendarDate
  handlerName?: string
  deadlines: Deadline[]
  /** The exclusion ground's wording, for a refusal. */
  groundLabel?: string
  stage2AcknowledgeDays: number
  /** The landlord's own opening and closing words for this kind of letter. */
  template?: LetterTemplate
  /** The letterhead and sign-off from the landlord's settings. */
  house?: LetterHouseStyle
  /** How residents reach the complaints team, for the letterhead and the letters' own words. */
  contact?: { phone?: string; email?: string }
  /** The landlord entity's website and registered provider number, on its letterhead (issue 34). */
  registration?: { rpNumber?: string; website?: string }
  /** A reissued letter says which letter it replaces. */
  replaces?: { issuedOn: CalendarDate }
  /** Code 5.9: when the next update is due, for an update letter. */
  nextUpdateOn?: CalendarDate
}

const letterTitles: Record<LetterKind, string> = {
  acknowledgement: 'Stage 1 acknowledgement letter',
  extension: 'Extension letter',
  stage1_response: 'Stage 1 response letter',
  stage2_acknowledgement: 'Stage 2 acknowledgement letter',
  stage2_response: 'Stage 2 final response letter',
  refusal: 'Refusal letter',
  update: 'Update letter',
  action_update: 'Update on an outstanding action',
}
/** What a letter of the kind is called, on the case page, in emails and as the PDF's title. */
export const letterTitle = (kind: string) => letterTitles[kind as LetterKind] ?? 'Letter'

const longDate = formatLongDate

const bullets = (items: string[]) => items.map((i) => `  - ${i}`).join('\n')

const ombudsmanParagraph = [
  `The Housing Ombudsman Service can be contacted on ${HOUSING_OMBUDSMAN.phone}`,
  `or through its website, ${HOUSING_OMBUDSMAN.website}.`,
].join(' ')

/**
 * The top of every letter, laid out for a window envelope by its PDF: the landlord's letterhead
 * (name, postal address, phone and email), then who it is posted to (Code 1.3: the representative
 * once the resident's consent is recorded, otherwise the resident) when their address is known,
 * then the date in words, each a group of its own.
 */
function header(c: Complaint, ctx: LetterContext, subject: string): string[] {
  const { name: to, viaRepresentative } = letterAddressee(c)
  const posted = postalAddressOf(c)
  return [
    ctx.landlordName,
    ...(ctx.house?.address ?? []),
    ...(ctx.contact?.phone ? [`Phone: ${ctx.contact.phone}`] : []),
    ...(ctx.contact?.email ? [`Email: ${ctx.contact.email}`] : []),
    ...(ctx.registration?.website ? [`Website: ${ctx.registration.website}`] : []),
    ...(ctx.registration?.rpNumber ? [`Registered provider: ${ctx.registration.rpNumber}`] : []),
    '',
    ...(posted.ok ? [posted.address.name, ...posted.address.lines, ''] : []),
    formatDateInWords(ctx.issuedOn),
    '',
    `Dear ${to},`,
    '',
    `${subject}`,
    `Our reference: ${c.reference}`,
    ...(viaRepresentative ? [`Complaint made on behalf of: ${c.resident.name}`] : []),
    '',
    ...(ctx.replaces
      ? [
          `This letter replaces our letter of ${longDate(ctx.replaces.issuedOn)}, which it corrects or repeats.`,
          '',
        ]
      : []),
    ...paragraphs(ctx.template?.opening),
  ]
}

/**
 * How to reach the landlord, in words, with only the routes whose details are known: "by phone on
 * 0113 496 0000, by email to complaints@example.org, by letter to 1 High Street, Leeds LS1 1AA or
 * in person". Never "by phone" with no number.
 */
export function howToContactUs(ctx: Pick<LetterContext, 'contact' | 'house'>): string {
  const address = ctx.house?.address ?? []
  const routes = [
    ...(ctx.contact?.phone ? [`by phone on ${ctx.contact.phone}`] : []),
    ...(ctx.contact?.email ? [`by email to ${ctx.contact.email}`] : []),
    ...(address.length ? [`by letter to ${address.join(', ')}`] : []),
  ]
  if (!routes.length) return 'Contact us'
  return `Contact us ${routes.length > 1 ? `${routes.slice(0, -1).join(', ')} or ${routes.at(-1)}` : routes[0]}`
}

/** The landlord's own words: each paragraph (blank-line separated) as a paragraph of the letter. */
function paragraphs(text: string | undefined): string[] {
  const parts = (text ?? '')
    .split(/\n\s*\n/)
    .map((p) => p.replace(/\s*\n\s*/g, ' ').trim())
    .filter(Boolean)
  return parts.flatMap((p) => [p, ''])
}

/** The handler by name only when the landlord chooses it; otherwise letters speak for the role. */
const named = (ctx: LetterContext, otherwise: string) =>
  ctx.house?.signWithName && ctx.handlerName ? ctx.handlerName : otherwise

function consentParagraph(c: Complaint): string[] {
  if (!consentNeeded(c) || !c.representative) return []
  return [
    `This complaint was made on your behalf by ${c.representative.name} (${c.representative.relationship}). We are dealing with it, but before we can discuss it with them or send them our letters we need your consent. Please tell us, quoting the reference above, whether you agree to ${c.representative.name} acting for you.`,
    '',
  ]
}

function definitionSection(c: Complaint, stage: Stage): string[] {
  const d = c.stages[stage]?.definition
  if (!d) return []
  return [
    'What your complaint is about (the complaint definition):',
    bullets(d.issues.map((i) => i.summary)),
    '',
    'What you would like to happen:',
    bullets(d.outcomesSought),
    ...(d.notResponsibleFor.length
      ? ['', 'Parts of this that we are not responsible for, and who is:', bullets(d.notResponsibleFor)]
      : []),
    '',
  ]
}

function due(ctx: LetterContext, key: Deadline['key']): string {
  const d = ctx.deadlines.find((x) => x.key === key)
  return d ? longDate(d.due) : 'as soon as we can'
}

const signOff = (ctx: LetterContext) => [
  ...paragraphs(ctx.template?.closing),
  'Yours sincerely,',
  '',
  ...(ctx.house?.signWithName && ctx.handlerName ? [ctx.handlerName] : []),
  ctx.house?.signature ?? 'The Complaints Team',
  ctx.landlordName,
]

function responseSection(c: Complaint, stage: Stage): string[] {
  const r = c.stages[stage]?.response
  if (!r) return []
  const issues = c.stages[stage]?.definition?.issues ?? []
  // Code 6.7/6.18: a decision on each issue, with its reasons (or the reasons for the whole).
  const perIssue = r.issueDecisions.map((d) => {
    const issue = issues.find((i) => i.id === d.issueId)
    const why = d.reasons && d.reasons !== r.reasons ? `. ${d.reasons}` : ', for the reasons set out below'
    return `${issue?.summary ?? 'Issue'}: ${decisionLabels[d.decision].toLowerCase()}${why}`
  })
  const upheld = r.decision !== 'not_upheld'
  const open = actionsStillOpen(c, stage)
  const remedies = r.remedies.map((m) => {
    const line = `${remedyInWords(m)}${m.description ? `: ${m.description}` : ''}`
    // Code 7.2: compensation is explained part by part where it was broken down.
    const parts = Object.entries(m.breakdown ?? {}).map(
      ([p, v]) => `${money(v as number)} for ${compensationPartLabels[p as CompensationPart].toLowerCase()}`,
    )
    const withParts = parts.length ? `${line}. This is made up of ${parts.join(', ')}.` : line
    // Code 7.3: a stage 2 remedy that replaces one offered at stage 1 says so: only it is owed.
    const earlier = m.replaces && remedyOffered(c, m.replaces.remedyId)
    return earlier
      ? `${withParts} This replaces ${remedyInWords(earlier).toLowerCase()}, which we offered at stage 1.`
      : withParts
  })
  return [
    `Our decision: your complaint is ${decisionLabels[r.decision].toLowerCase()}.`,
    ...(perIssue.length ? ['', 'Our decision on each part of your complaint:', bullets(perIssue)] : []),
    '',
    'The reasons for our decision:',
    r.reasons,
    '',
    ...(remedies.length
      ? [
          upheld
            ? 'We are sorry that things went wrong. What we are doing to put things right:'
            : 'What we are doing for you:',
          bullets(remedies),
        ]
      : [
          'What we are doing to put things right:',
          '  - As we have not found that we did anything wrong, we are not offering a remedy.',
        ]),
    '',
    'Actions still to be completed, and when:',
    open.length
      ? bullets(
          open.map(
            (a) =>
              `${a.description}, by ${longDate(a.dueOn)}${a.stage < stage ? ' (promised in our stage 1 response)' : ''}`,
          ),
        )
      : '  - There are no outstanding actions.',
    ...(open.length ? ['We will keep you updated on these actions until they are complete.'] : []),
    '',
  ]
}

/**
 * Code 6.9 f and 6.19 f: the actions still to be completed when a response is issued: those it
 * promises, and at stage 2 those promised at stage 1 that are not yet done, each by the date it is
 * now due (a rescheduled one by its new date).
 */
export function actionsStillOpen(c: Complaint, stage: Stage) {
  return outstandingActions(c).filter((a) => a.stage <= stage && !a.completed)
}

/**
 * The plain-text letter for a step of the process, holding everything the Code requires of
 * it (6.5, 6.9 a–g, 6.16, 6.19 a–g, 2.4). Issued once and never changed.
 */
export function composeLetter(kind: LetterKind, c: Complaint, ctx: LetterContext): string {
  const lines: string[] = []
  switch (kind) {
    case 'acknowledgement':
      lines.push(
        ...header(c, ctx, 'Your complaint: stage 1 acknowledgement'),
        `Thank you for your complaint, which we received on ${longDate(c.receivedOn)}. We have logged it at stage 1 of our complaints procedure.`,
        '',
        ...consentParagraph(c),
        ...definitionSection(c, 1),
        'If we have misunderstood anything, or you want to add something, please tell us as soon as you can, quoting the reference above.',
        '',
        `${named(ctx, 'A complaint handler')} will look into your complaint. We will send you our full response by ${due(ctx, 'stage1Response')}.`,
        ...(c.discretion
          ? [
              '',
              `Although what happened was more than 12 months ago, we have decided to consider your complaint: ${c.discretion.reason}`,
            ]
          : []),
        '',
        ...signOff(ctx),
      )
      break
    case 'extension': {
      const record = currentStageRecord(c)
      const last = record.extensions.at(-1)
      const key = c.stage === 1 ? 'stage1Response' : 'stage2Response'
      lines.push(
        ...header(c, ctx, `Your complaint: we need more time for our stage ${c.stage} response`),
        `We are sorry, but we need more time to respond to your complaint properly. We have extended the time for our stage ${c.stage} response by ${plural(last?.workingDays ?? 0, 'working day')}.`,
        '',
        'Why we need more time:',
        last?.reason ?? '',
        ...(last?.goodReason ? ['', 'Why this extension is longer than usual:', last.goodReason] : []),
        '',
        `We will now send you our response by ${due(ctx, key)}.`,
        '',
        `If you are unhappy about this delay, you can contact the Housing Ombudsman for advice. ${ombudsmanParagraph}`,
        '',
        ...signOff(ctx),
      )
      break
    }
    case 'stage1_response':
      lines.push(
        ...header(c, ctx, 'Your complaint: our stage 1 response'),
        'This is our response to your complaint at stage 1 of our complaints procedure.',
        '',
        ...definitionSection(c, 1),
        ...responseSection(c, 1),
        'If you are not satisfied',
        `If you are not happy with this response, you can ask us to consider your complaint at stage 2, the final stage of our procedure. You do not need to give a reason. ${howToContactUs(ctx)}, quoting the reference above. We will acknowledge your request within ${plural(ctx.stage2AcknowledgeDays, 'working day')}, and a different person will review your complaint.`,
        '',
        `You can also contact the Housing Ombudsman for advice at any time. ${ombudsmanParagraph}`,
        '',
        ...signOff(ctx),
      )
      break
    case 'stage2_acknowledgement':
      lines.push(
        ...header(c, ctx, 'Your complaint: stage 2 acknowledgement'),
        `Thank you for asking us to consider your complaint at stage 2, which we received on ${c.escalation ? longDate(c.escalation.on) : 'your request'}. Stage 2 is the final stage of our complaints procedure.`,
        '',
        ...definitionSection(c, 2),
        'If we have misunderstood anything, please tell us as soon as you can.',
        '',
        `${named(ctx, 'A senior member of staff')}, who was not involved at stage 1, will review your complaint. We will send you our final response by ${due(ctx, 'stage2Response')}.`,
        '',
        ...signOff(ctx),
      )
      break
    case 'stage2_response':
      lines.push(
        ...header(c, ctx, 'Your complaint: our stage 2 final response'),
        'This is our final response to your complaint, at stage 2 of our complaints procedure.',
        '',
        ...definitionSection(c, 2),
        ...responseSection(c, 2),
        'If you are still not satisfied',
        'This is our final response and our complaints procedure is now complete.',
        `If you remain dissatisfied, you can refer your complaint to the Housing Ombudsman, which investigates complaints about landlords. ${ombudsmanParagraph}`,
        '',
        ...signOff(ctx),
      )
      break
    case 'update': {
      // Code 5.9: what is happening, when the response is due, and when the next update will come.
      const update = c.updates.at(-1)
      const key = c.stage === 1 ? 'stage1Response' : 'stage2Response'
      lines.push(
        ...header(c, ctx, 'An update on your complaint'),
        `We said we would keep you updated while we look into your complaint at stage ${c.stage}. This is where things are.`,
        '',
        'What is happening:',
        update?.summary ?? '',
        '',
        `We will send you our response by ${due(ctx, key)}.`,
        ...(ctx.nextUpdateOn
          ? [`If we have not responded by then, we will update you again by ${longDate(ctx.nextUpdateOn)}.`]
          : []),
        '',
        ...signOff(ctx),
      )
      break
    }
    case 'action_update': {
      // Code 7.3: a promised action followed through: done, or late with the new date and why.
      const about = c.lastActionEvent
      const action = outstandingActions(c).find((a) => a.id === about?.actionId)
      lines.push(
        ...header(c, ctx, 'An update on what we promised to do'),
        ...(about?.kind === 'completed'
          ? [
              'When we responded to your complaint, we promised to:',
              bullets([action?.description ?? '']),
              '',
              `This is now done${action?.completed ? `, as of ${longDate(londonDateOf(action.completed.at))}` : ''}.`,
              ...(action?.completed?.note ? ['', action.completed.note] : []),
            ]
          : [
              'When we responded to your complaint, we promised to:',
              bullets([action?.description ?? '']),
              '',
              `We said this would be done by ${longDate(action?.rescheduled?.originalDueOn ?? action?.dueOn ?? ctx.issuedOn)}. We are sorry, but it will now be done by ${longDate(action?.dueOn ?? ctx.issuedOn)}.`,
              '',
              'Why it is later:',
              action?.rescheduled?.reason ?? '',
            ]),
        '',
        `If you are unhappy about this, please tell us, quoting the reference above. You can also contact the Housing Ombudsman for advice. ${ombudsmanParagraph}`,
        '',
        ...signOff(ctx),
      )
      break
    }
    case 'refusal': {
      const escalation = c.refusal?.refusing === 'escalation'
      lines.push(
        ...header(c, ctx, escalation ? 'Your request for a stage 2 review' : 'Your complaint'),
        escalation
          ? 'We have carefully considered your request to escalate your complaint to stage 2, and we have decided not to escalate it.'
          : 'We have carefully considered your complaint, and we have decided that we cannot accept it under our complaints procedure.',
        '',
        `The reason: ${ctx.groundLabel ?? c.refusal?.reason ?? ''}.`,
        '',
        'Our explanation:',
        c.refusal?.explanation ?? '',
        '',
        ...(c.refusal?.discretion && c.refusal.discretion.whyNotExercised !== c.refusal.explanation
          ? [
              'We considered whether to accept your complaint even though it is outside the 12-month time limit, and decided not to, because:',
              c.refusal.discretion.whyNotExercised,
              '',
            ]
          : []),
        'If you disagree with this decision',
        `You have the right to ask the Housing Ombudsman to look at our decision. ${ombudsmanParagraph}`,
        '',
        ...signOff(ctx),
      )
      break
    }
  }
  return `${tidyStops(lines.join('\n').trim())}\n`
}
