/**
 * What the complaints service itself does towards a provision, in words a landlord can cite as
 * evidence: the rules it enforces and the records it keeps. Offered as the starting evidence for
 * a provision not yet answered; the landlord edits it and adds its own policy references.
 */
export const serviceEvidence: Record<string, string> = {
  '1.2':
    'Every expression of dissatisfaction is logged as a complaint in the complaints service, however it arrives.',
  '1.3':
    'Complaints are logged from every channel, and from representatives, who are recorded on the complaint.',
  '2.1':
    'A complaint can only be refused in the complaints service with a ground from the landlord’s list and a written explanation, both kept on the record.',
  '2.3':
    'The complaints service records when the issue happened and when the resident became aware of it; a complaint is refused as over 12 months old only with both dates recorded, outside the window, and with the person’s own decision not to exercise discretion and why.',
  '2.4':
    'The refusal letter the complaints service issues sets out the reasons and the resident’s right to take the decision to the Ombudsman; it cannot be issued without them.',
  '2.5':
    'Each refusal is decided and explained complaint by complaint; the complaints service has no bulk refusal.',
  '3.1':
    'Complaints are taken by phone, email, letter, in person, social media, a third party and an online form that works without JavaScript and meets WCAG 2.2 AA; reasonable adjustments are recorded on the complaint.',
  '3.6': 'Representatives are recorded on each complaint, with their contact details.',
  '3.7': 'Every letter the complaints service issues at a decision point gives the Ombudsman’s details.',
  '5.2': 'The complaints service has two stages only; there is no informal or “stage 0” step.',
  '5.3': 'The complaints service has two stages only; stage 2 is the final response.',
  '5.6':
    'The complaint definition (issues and outcomes sought) is required to acknowledge a complaint at either stage and is set out in the acknowledgement letter.',
  '5.7': 'The acknowledgement records, and its letter states, what the landlord is not responsible for.',
  '5.8':
    'Each assignment, at acknowledgement or reassignment, records that the handler has no conflict of interest, or what it is and how it is handled; an assignment without it shows as missing on the case and in these figures.',
  '5.9':
    'An update interval is set at acknowledgement and counts as agreed only when the resident agreed it; otherwise the case shows the default, not agreed. Updates due and overdue are listed each day and counted on the dashboard.',
  '5.10':
    'Reasonable adjustments are kept on the resident record shared by their complaints, each with a review date no more than 12 months ahead; reviews due are listed and sent to team leaders in the daily prompt, and the case page shows overdue ones.',
  '5.14':
    'A restriction on contact needs the behaviour, evidence, scope, an Equality Act consideration, a senior approver, a review date within 6 months and an end date within 12; it ends itself, and contact forms warn before contact it governs.',
  '5.11':
    'An escalation can only be refused with a ground from the landlord’s list and an explanation, as at stage 1.',
  '5.12':
    'The complaints service keeps the full record as an append-only history: the original complaint and date received, every letter and email, contacts, documents and decisions at each stage.',
  '5.13': 'Remedies can be offered in the response at either stage, without escalation.',
  '6.2':
    'The complaints service works out the acknowledgement date for every complaint from the working-day calendar, and lists complaints due and overdue each day.',
  '6.3':
    'The stage 1 response date is worked out from the acknowledgement, shown on every case and listed when due.',
  '6.4':
    'An extension records its length and reason; beyond 10 working days it needs a good reason, and the resident is told in a letter.',
  '6.5': 'The extension letter cannot be issued without the Ombudsman’s contact details.',
  '6.6':
    'Outstanding actions are recorded with the response, each with an owner and due date, and tracked until done.',
  '6.8':
    'Issues raised before the stage 1 response join the definition; later or unrelated ones are logged as a new complaint linked to the first, with the reason.',
  '6.9':
    'The stage 1 response letter is checked before it is issued for each of a. to g.; it cannot be issued with any missing.',
  '6.10': 'A resident can ask for stage 2 at any time after the stage 1 response, by any channel or online.',
  '6.11': 'The stage 2 acknowledgement date is worked out from the escalation request and listed when due.',
  '6.12':
    'The complaints service does not require a reason to escalate; the resident’s reason is recorded when they give one.',
  '6.13': 'The complaints service refuses to assign stage 2 to the person who handled stage 1.',
  '6.14':
    'The stage 2 response date is worked out from the acknowledgement, shown on every case and listed when due.',
  '6.15':
    'An extension records its length and reason; beyond 20 working days it needs a good reason, and the resident is told in a letter.',
  '6.16': 'The extension letter cannot be issued without the Ombudsman’s contact details.',
  '6.17':
    'Outstanding actions are recorded with the response, each with an owner and due date, and tracked until done.',
  '6.19':
    'The stage 2 response letter is checked before it is issued for each of a. to g.; it cannot be issued with any missing.',
  '6.20':
    'The stage 2 response records who was involved in it, by name and role, shown on the case and in its history.',
  '7.1': 'An upheld or partly upheld response must set out at least one remedy.',
  '7.2':
    'A financial remedy can be broken down into financial loss, time and trouble, and distress and inconvenience, the parts adding up to the amount offered.',
  '7.3':
    'Each remedy has a due date and is followed through to done or paid; one still owed prevents the complaint being closed.',
  '7.4': 'The Ombudsman’s remedies guidance bands are shown beside the amount offered.',
  '8.1':
    'The annual complaints performance and service improvement report is drafted from the records in the complaints service.',
  '8.2':
    'The annual report is approved by the governing body with its response and published on the landlord’s website.',
  '8.3': 'Re-assessments are recorded in the complaints service with what prompted them.',
  '9.1':
    'Learning (root causes, service area, what was learned) is recorded against responses; upheld and partly upheld ones without it are listed until it is.',
  '9.3': 'Improvements made because of complaints are published on the “You said, we did” page.',
  '9.4':
    'Themes and trends (by category, root cause, repeat complainants and addresses) are reported for the senior lead.',
  '9.6': 'The board and MRC pack is produced from the records for any month, quarter or year.',
  '9.7':
    'The board and MRC pack covers volumes, categories, outcomes, performance, themes, the Ombudsman’s findings and orders, and the annual report.',
}
