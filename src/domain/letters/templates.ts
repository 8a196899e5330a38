import type { LetterKind } from '../complaints/events.js'

/**
 * What a landlord may write in its own words in each kind of letter: an opening and a closing
 * paragraph. The parts the Code requires (6.5, 6.9 a–g, 6.16, 6.19 a–g, 2.4) are built into the
 * letter around them and cannot be edited out.
 */
export type LetterTemplate = { opening: string; closing: string }

/** The letterhead and sign-off, from the landlord's settings. */
export type LetterHouseStyle = {
  /** The landlord's postal address, one line each. */
  address: string[]
  /** Who letters come from: a role, such as "The Complaints Team". */
  signature: string
  /** Letters come from the role, not the person, unless the landlord chooses to name the handler. */
  signWithName: boolean
}

export const defaultHouseStyle: LetterHouseStyle = {
  address: [],
  signature: 'The Complaints Team',
  signWithName: false,
}

const formats =
  'If you would like this letter in large print, in another format or language, or you need any help to take part in our complaints process, please tell us.'

export const defaultTemplates: Record<LetterKind, LetterTemplate> = {
  acknowledgement: { opening: '', closing: formats },
  extension: { opening: '', closing: formats },
  stage1_response: { opening: '', closing: formats },
  stage2_acknowledgement: { opening: '', closing: formats },
  stage2_response: { opening: '', closing: formats },
  refusal: { opening: '', closing: formats },
  update: { opening: '', closing: formats },
  action_update: { opening: '', closing: formats },
}

/** The kinds of letter whose wording a landlord can edit, with what each is for. */
export const editableLetterKinds = Object.keys(defaultTemplates) as LetterKind[]

/** Code 6.9 a–g (stage 1) and 6.19 a–g (stage 2): what a response letter must confirm. */
function responseChecklist(stage: 1 | 2) {
  const provision = stage === 1 ? '6.9' : '6.19'
  return [
    {
      item: 'a. the complaint stage',
      provision,
      shownBy: new RegExp(`stage ${stage} of our complaints procedure`),
    },
    { item: 'b. the complaint definition', provision, shownBy: /What your complaint is about/ },
    { item: 'c. the decision on the complaint', provision, shownBy: /Our decision: your complaint is/ },
    { item: 'd. the reasons for the decisions', provision, shownBy: /The reasons for our decision:/ },
    {
      item: 'e. the remedy offered to put things right',
      provision,
      shownBy: /put things right|doing for you/,
    },
    { item: 'f. details of any outstanding actions', provision, shownBy: /Actions still to be completed/ },
    stage === 1
      ? { item: 'g. how to escalate to stage 2', provision, shownBy: /consider your complaint at stage 2/ }
      : {
          item: 'g. the right to refer to the Housing Ombudsman',
          provision,
          shownBy: /refer your complaint to the Housing Ombudsman/,
        },
  ]
}

/**
 * The Code's list for each kind of letter: what must be in it before it is issued, each with
 * the words in the letter that show it is there. Letter audits start from the same list.
 */
export const letterRequirements: Record<LetterKind, { item: string; provision: string; shownBy: RegExp }[]> =
  {
    acknowledgement: [
      { item: 'The complaint reference', provision: '6.2', shownBy: /Our reference: \S+/ },
      { item: 'The complaint definition', provision: '5.6', shownBy: /What your complaint is about/ },
      { item: 'The outcomes the resident wants', provision: '5.6', shownBy: /What you would like to happen/ },
      { item: 'When the response is due', provision: '6.3', shownBy: /send you our full response by/ },
    ],
    extension: [
      { item: 'The reason for the extension', provision: '6.4', shownBy: /Why we need more time:/ },
      {
        item: 'The new date for the response',
        provision: '6.4',
        shownBy: /We will now send you our response by/,
      },
      {
        item: 'The Housing Ombudsman’s contact details',
        provision: '6.5, 6.16',
        shownBy: /Housing Ombudsman Service can be contacted/,
      },
    ],
    stage1_response: responseChecklist(1),
    stage2_acknowledgement: [
      {
        item: 'The complaint definition at stage 2',
        provision: '6.11',
        shownBy: /What your complaint is about/,
      },
      {
        item: 'When the final response is due',
        provision: '6.14',
        shownBy: /send you our final response by/,
      },
    ],
    stage2_response: responseChecklist(2),
    update: [
      { item: 'What is happening with the complaint', provision: '5.9', shownBy: /What is happening:\n\S/ },
      { item: 'When the response is due', provision: '5.9', shownBy: /We will send you our response by/ },
    ],
    action_update: [
      { item: 'The action that was promised', provision: '7.3', shownBy: /we promised to:\n {2}- \S/ },
      {
        item: 'That it is done, or its new date and why',
        provision: '7.3',
        shownBy: /This is now done|Why it is later:\n\S/,
      },
    ],
    refusal: [
      { item: 'The reason the complaint cannot be taken', provision: '2.4', shownBy: /The reason: / },
      { item: 'The explanation', provision: '2.4', shownBy: /Our explanation:/ },
      {
        item: 'The right to take the decision to the Ombudsman',
        provision: '2.4',
        shownBy: /ask the Housing Ombudsman to look at our decision/,
      },
    ],
  }

export type ChecklistItem = { item: string; provision: string; present: boolean }

/** Whether a letter holds everything the Code requires of its kind. */
export function letterChecklist(kind: LetterKind, text: string): ChecklistItem[] {
  return letterRequirements[kind].map((c) => ({
    item: c.item,
    provision: c.provision,
    present: c.shownBy.test(text),
  }))
}

/**
 * Flesch reading ease of free text (0–100; higher is easier; 60 and above is plain English).
 * Syllables are counted by vowel groups, which is close enough to guide a writer.
 */
export function readingEase(text: string): number | undefined {
  const words = text.match(/[A-Za-z’']+/g) ?? []
  if (words.length < 5) return undefined
  const sentences = Math.max(1, (text.match(/[.!?]+(\s|$)/g) ?? []).length)
  const syllables = words.reduce((sum, w) => {
    const groups = w
      .toLowerCase()
      .replace(/e$/, '')
      .match(/[aeiouy]+/g)
    return sum + Math.max(1, groups?.length ?? 1)
  }, 0)
  const score = 206.835 - 1.015 * (words.length / sentences) - 84.6 * (syllables / words.length)
  return Math.round(Math.max(0, Math.min(100, score)))
}

/** Staff names that appear in the text: letters come from the role, not the person. */
export function staffNamesIn(text: string, names: string[]): string[] {
  const lower = text.toLowerCase()
  return names.filter((n) => n.trim().length > 2 && lower.includes(n.trim().toLowerCase()))
}
