/**
 * The Housing Ombudsman's Complaint Handling Code (statutory from 1 April 2024): its nine sections
 * and the 72 provisions a landlord assesses itself against each year, 1.2 to 9.8, in the Code's
 * order and words (as the Ombudsman's self-assessment form quotes them). The one place the
 * service holds the Code's text: the self-assessment, its pages and its documents read it here.
 */

export const codeVersion = '2024'

export const codeSections = [
  { number: 1, title: 'Definition of a complaint' },
  { number: 2, title: 'Exclusions' },
  { number: 3, title: 'Accessibility and awareness' },
  { number: 4, title: 'Complaint handling staff' },
  { number: 5, title: 'The complaint handling process' },
  { number: 6, title: 'Complaint stages' },
  { number: 7, title: 'Putting things right' },
  { number: 8, title: 'Self-assessment, reporting and compliance' },
  { number: 9, title: 'Scrutiny and oversight: continuous learning and improvement' },
] as const

export type CodeProvision = { id: string; section: number; requirement: string }

export const codeProvisions: readonly CodeProvision[] = [
  {
    id: '1.2',
    section: 1,
    requirement:
      "A complaint must be defined as: 'an expression of dissatisfaction, however made, about the standard of service, actions or lack of action by the landlord, its own staff, or those acting on its behalf, affecting a resident or group of residents.'",
  },
  {
    id: '1.3',
    section: 1,
    requirement:
      "A resident does not have to use the word 'complaint' for it to be treated as such. Whenever a resident expresses dissatisfaction landlords must give them the choice to make complaint. A complaint that is submitted via a third party or representative must be handled in line with the landlord's complaints policy.",
  },
  {
    id: '1.4',
    section: 1,
    requirement:
      'Landlords must recognise the difference between a service request and a complaint. This must be set out in their complaints policy. A service request is a request from a resident to the landlord requiring action to be taken to put something right. Service requests are not complaints, but must be recorded, monitored and reviewed regularly.',
  },
  {
    id: '1.5',
    section: 1,
    requirement:
      'A complaint must be raised when the resident expresses dissatisfaction with the response to their service request, even if the handling of the service request remains ongoing. Landlords must not stop their efforts to address the service request if the resident complains.',
  },
  {
    id: '1.6',
    section: 1,
    requirement:
      'An expression of dissatisfaction with services made through a survey is not defined as a complaint, though wherever possible, the person completing the survey should be made aware of how they can pursue a complaint if they wish to. Where landlords ask for wider feedback about their services, they also must provide details of how residents can complain.',
  },
  {
    id: '2.1',
    section: 2,
    requirement:
      'Landlords must accept a complaint unless there is a valid reason not to do so. If landlords decide not to accept a complaint they must be able to evidence their reasoning. Each complaint must be considered on its own merits',
  },
  {
    id: '2.2',
    section: 2,
    requirement:
      'A complaints policy must set out the circumstances in which a matter will not be considered as a complaint or escalated, and these circumstances must be fair and reasonable to residents. Acceptable exclusions include: The issue giving rise to the complaint occurred over twelve months ago. Legal proceedings have started. This is defined as details of the claim, such as the Claim Form and Particulars of Claim, having been filed at court. Matters that have previously been considered under the complaints policy.',
  },
  {
    id: '2.3',
    section: 2,
    requirement:
      'Landlords must accept complaints referred to them within 12 months of the issue occurring or the resident becoming aware of the issue unless they are excluded on other grounds. Landlords must consider whether to apply discretion to accept complaints made outside this time limit where there are good reasons to do so.',
  },
  {
    id: '2.4',
    section: 2,
    requirement:
      'If a landlord decides not to accept a complaint, an explanation must be provided to the resident setting out the reasons why the matter is not suitable for the complaints process and the right to take that decision to the Ombudsman. If the Ombudsman does not agree that the exclusion has been fairly applied, the Ombudsman may tell the landlord to take on the complaint.',
  },
  {
    id: '2.5',
    section: 2,
    requirement:
      'Landlords must not take a blanket approach to excluding complaints; they must consider the individual circumstances of each complaint.',
  },
  {
    id: '3.1',
    section: 3,
    requirement:
      'Landlords must make it easy for residents to complain by providing different channels through which they can make a complaint. Landlords must consider their duties under the Equality Act 2010 and anticipate the needs and reasonable adjustments of residents who may need to access the complaints process.',
  },
  {
    id: '3.2',
    section: 3,
    requirement:
      'Residents must be able to raise their complaints in any way and with any member of staff. All staff must be aware of the complaints process and be able to pass details of the complaint to the appropriate person within the landlord.',
  },
  {
    id: '3.3',
    section: 3,
    requirement:
      'High volumes of complaints must not be seen as a negative, as they can be indicative of a well-publicised and accessible complaints process. Low complaint volumes are potentially a sign that residents are unable to complain.',
  },
  {
    id: '3.4',
    section: 3,
    requirement:
      "Landlords must make their complaint policy available in a clear and accessible format for all residents. This will detail the two stage process, what will happen at each stage, and the timeframes for responding. The policy must also be published on the landlord's website.",
  },
  {
    id: '3.5',
    section: 3,
    requirement:
      'The policy must explain how the landlord will publicise details of the complaints policy, including information about the Ombudsman and this Code.',
  },
  {
    id: '3.6',
    section: 3,
    requirement:
      'Landlords must give residents the opportunity to have a representative deal with their complaint on their behalf, and to be represented or accompanied at any meeting with the landlord.',
  },
  {
    id: '3.7',
    section: 3,
    requirement:
      'Landlords must provide residents with information on their right to access the Ombudsman service and how the individual can engage with the Ombudsman about their complaint',
  },
  {
    id: '4.1',
    section: 4,
    requirement:
      "Landlords must have a person or team assigned to take responsibility for complaint handling, including liaison with the Ombudsman and ensuring complaints are reported to the governing body (or equivalent). This Code will refer to that person or team as the 'complaints officer'. This role may be in addition to other duties.",
  },
  {
    id: '4.2',
    section: 4,
    requirement:
      'The complaints officer must have access to staff at all levels to facilitate the prompt resolution of complaints. They must also have the authority and autonomy to act to resolve disputes promptly and fairly.',
  },
  {
    id: '4.3',
    section: 4,
    requirement:
      'Landlords are expected to prioritise complaint handling and a culture of learning from complaints. All relevant staff must be suitably trained in the importance of complaint handling. It is important that complaints are seen as a core service and must be resourced to handle complaints effectively',
  },
  {
    id: '5.1',
    section: 5,
    requirement:
      'Landlords must have a single policy in place for dealing with complaints covered by this Code. Residents must not be treated differently if they complain.',
  },
  {
    id: '5.2',
    section: 5,
    requirement:
      "The early and local resolution of issues between landlords and residents is key to effective complaint handling. It is not appropriate to have extra named stages (such as 'stage 0' or 'informal complaint') as this causes unnecessary confusion.",
  },
  {
    id: '5.3',
    section: 5,
    requirement:
      'A process with more than two stages is not acceptable under any circumstances as this will make the complaint process unduly long and delay access to the Ombudsman.',
  },
  {
    id: '5.4',
    section: 5,
    requirement:
      "Where a landlord's complaint response is handled by a third party (e.g. a contractor or independent adjudicator) at any stage, it must form part of the two stage complaints process set out in this Code. Residents must not be expected to go through two complaints processes.",
  },
  {
    id: '5.5',
    section: 5,
    requirement:
      'Landlords are responsible for ensuring that any third parties handle complaints in line with the Code.',
  },
  {
    id: '5.6',
    section: 5,
    requirement:
      'When a complaint is logged at Stage 1 or escalated to Stage 2, landlords must set out their understanding of the complaint and the outcomes the resident is seeking. The Code will refer to this as "the complaint definition". If any aspect of the complaint is unclear, the resident must be asked for clarification.',
  },
  {
    id: '5.7',
    section: 5,
    requirement:
      'When a complaint is acknowledged at either stage, landlords must be clear which aspects of the complaint they are, and are not, responsible for and clarify any areas where this is not clear.',
  },
  {
    id: '5.8',
    section: 5,
    requirement:
      'At each stage of the complaints process, complaint handlers must: a. deal with complaints on their merits, act independently, and have an open mind; b. give the resident a fair chance to set out their position; c. take measures to address any actual or perceived conflict of interest; d. consider all relevant information and evidence carefully.',
  },
  {
    id: '5.9',
    section: 5,
    requirement:
      'Where a response to a complaint will fall outside the timescales set out in this Code, the landlord must agree with the resident suitable intervals for keeping them informed about their complaint.',
  },
  {
    id: '5.10',
    section: 5,
    requirement:
      'Landlords must make reasonable adjustments for residents where appropriate under the Equality Act 2010. Landlords must keep a record of any reasonable adjustments agreed, as well as a record of any disabilities a resident has disclosed. Any agreed reasonable adjustments must be kept under active review.',
  },
  {
    id: '5.11',
    section: 5,
    requirement:
      'Landlords must not refuse to escalate a complaint through all stages of the complaints procedure unless it has valid reasons to do so. Landlords must clearly set out these reasons, and they must comply with the provisions set out in section 2 of this Code.',
  },
  {
    id: '5.12',
    section: 5,
    requirement:
      'A full record must be kept of the complaint, and the outcomes at each stage. This must include the original complaint and the date received, all correspondence with the resident, correspondence with other parties, and any relevant supporting documentation such as reports or surveys.',
  },
  {
    id: '5.13',
    section: 5,
    requirement:
      'Landlords must have processes in place to ensure a complaint can be remedied at any stage of its complaints process. Landlords must ensure appropriate remedies can be provided at any stage of the complaints process without the need for escalation.',
  },
  {
    id: '5.14',
    section: 5,
    requirement:
      'Landlords must have policies and procedures in place for managing unacceptable behaviour from residents and/or their representatives. Landlords must be able to evidence reasons for putting any restrictions in place and must keep restrictions under regular review.',
  },
  {
    id: '5.15',
    section: 5,
    requirement:
      'Any restrictions placed on contact due to unacceptable behaviour must be proportionate and demonstrate regard for the provisions of the Equality Act 2010.',
  },
  {
    id: '6.1',
    section: 6,
    requirement:
      'Landlords must have processes in place to consider which complaints can be responded to as early as possible, and which require further investigation. Landlords must consider factors such as the complexity of the complaint and whether the resident is vulnerable or at risk. Most stage 1 complaints can be resolved promptly, and an explanation, apology or resolution provided to the resident.',
  },
  {
    id: '6.2',
    section: 6,
    requirement:
      'Complaints must be acknowledged, defined and logged at stage 1 of the complaint procedure within five working days of the complaint being received.',
  },
  {
    id: '6.3',
    section: 6,
    requirement:
      'Landlords must issue a full response to stage 1 complaints within 10 working days of the complaint being acknowledged.',
  },
  {
    id: '6.4',
    section: 6,
    requirement:
      'Landlords must decide whether an extension to this timescale is needed when considering the complexity of the complaint and then inform the resident of the expected timescale for response. Any extension must be no more than 10 working days without good reason, and the reason(s) must be clearly explained to the resident.',
  },
  {
    id: '6.5',
    section: 6,
    requirement:
      'When an organisation informs a resident about an extension to these timescales, they must be provided with the contact details of the Ombudsman.',
  },
  {
    id: '6.6',
    section: 6,
    requirement:
      'A complaint response must be provided to the resident when the answer to the complaint is known, not when the outstanding actions required to address the issue are completed. Outstanding actions must still be tracked and actioned promptly with appropriate updates provided to the resident.',
  },
  {
    id: '6.7',
    section: 6,
    requirement:
      'Landlords must address all points raised in the complaint definition and provide clear reasons for any decisions, referencing the relevant policy, law and good practice where appropriate.',
  },
  {
    id: '6.8',
    section: 6,
    requirement:
      'Where residents raise additional complaints during the investigation, these must be incorporated into the stage 1 response if they are related, and the stage 1 response has not been issued. Where the stage 1 response has been issued, the new issues are unrelated to the issues already being investigated or it would unreasonably delay the response, the new issues must be logged as a new complaint.',
  },
  {
    id: '6.9',
    section: 6,
    requirement:
      'Landlords must confirm the following in writing to the resident at the completion of stage 1 in clear, plain language: a. the complaint stage; b. the complaint definition; c. the decision on the complaint; d. the reasons for any decisions made; e. the details of any remedy offered to put things right; f. details of any outstanding actions; and g. details of how to escalate the matter to stage 2 if the individual is not satisfied with the response.',
  },
  {
    id: '6.10',
    section: 6,
    requirement:
      "If all or part of the complaint is not resolved to the resident's satisfaction at stage 1, it must be progressed to stage 2 of the landlord's procedure. Stage 2 is the landlord's final response.",
  },
  {
    id: '6.11',
    section: 6,
    requirement:
      'Requests for stage 2 must be acknowledged, defined and logged at stage 2 of the complaints procedure within five working days of the escalation request being received.',
  },
  {
    id: '6.12',
    section: 6,
    requirement:
      'Residents must not be required to explain their reasons for requesting a stage 2 consideration. Landlords are expected to make reasonable efforts to understand why a resident remains unhappy as part of its stage 2 response.',
  },
  {
    id: '6.13',
    section: 6,
    requirement:
      'The person considering the complaint at stage 2 must not be the same person that considered the complaint at stage 1.',
  },
  {
    id: '6.14',
    section: 6,
    requirement:
      'Landlords must issue a final response to the stage 2 within 20 working days of the complaint being acknowledged.',
  },
  {
    id: '6.15',
    section: 6,
    requirement:
      'Landlords must decide whether an extension to this timescale is needed when considering the complexity of the complaint and then inform the resident of the expected timescale for response. Any extension must be no more than 20 working days without good reason, and the reason(s) must be clearly explained to the resident.',
  },
  {
    id: '6.16',
    section: 6,
    requirement:
      'When an organisation informs a resident about an extension to these timescales, they must be provided with the contact details of the Ombudsman.',
  },
  {
    id: '6.17',
    section: 6,
    requirement:
      'A complaint response must be provided to the resident when the answer to the complaint is known, not when the outstanding actions required to address the issue are completed. Outstanding actions must still be tracked and actioned promptly with appropriate updates provided to the resident.',
  },
  {
    id: '6.18',
    section: 6,
    requirement:
      'Landlords must address all points raised in the complaint definition and provide clear reasons for any decisions, referencing the relevant policy, law and good practice where appropriate.',
  },
  {
    id: '6.19',
    section: 6,
    requirement:
      'Landlords must confirm the following in writing to the resident at the completion of stage 2 in clear, plain language: a. the complaint stage; b. the complaint definition; c. the decision on the complaint; d. the reasons for any decisions made; e. the details of any remedy offered to put things right; f. details of any outstanding actions; and g. details of how to escalate the matter to the Ombudsman Service if the individual remains dissatisfied.',
  },
  {
    id: '6.20',
    section: 6,
    requirement:
      "Stage 2 is the landlord's final response and must involve all suitable staff members needed to issue such a response.",
  },
  {
    id: '7.1',
    section: 7,
    requirement:
      'Where something has gone wrong a landlord must acknowledge this and set out the actions it has already taken, or intends to take, to put things right. These can include: Apologising; Acknowledging where things have gone wrong; Providing an explanation, assistance or reasons; Taking action if there has been delay; Reconsidering or changing a decision; Amending a record or adding a correction or addendum; Providing a financial remedy; Changing policies, procedures or practices.',
  },
  {
    id: '7.2',
    section: 7,
    requirement:
      'Any remedy offered must reflect the impact on the resident as a result of any fault identified.',
  },
  {
    id: '7.3',
    section: 7,
    requirement:
      'The remedy offer must clearly set out what will happen and by when, in agreement with the resident where appropriate. Any remedy proposed must be followed through to completion.',
  },
  {
    id: '7.4',
    section: 7,
    requirement:
      'Landlords must take account of the guidance issued by the Ombudsman when deciding on appropriate remedies.',
  },
  {
    id: '8.1',
    section: 8,
    requirement:
      'Landlords must produce an annual complaints performance and service improvement report for scrutiny and challenge, which must include: a. the annual self-assessment against this Code to ensure their complaint handling policy remains in line with its requirements. b. a qualitative and quantitative analysis of the landlord’s complaint handling performance. This must also include a summary of the types of complaints the landlord has refused to accept; c. any findings of non-compliance with this Code by the Ombudsman; d. the service improvements made as a result of the learning from complaints; e. any annual report about the landlord’s performance from the Ombudsman; and f. any other relevant reports or publications produced by the Ombudsman in relation to the work of the landlord.',
  },
  {
    id: '8.2',
    section: 8,
    requirement:
      "The annual complaints performance and service improvement report must be reported to the landlord's governing body (or equivalent) and published on the section of its website relating to complaints. The governing body's response to the report must be published alongside this.",
  },
  {
    id: '8.3',
    section: 8,
    requirement:
      'Landlords must also carry out a self-assessment following a significant restructure, merger and/or change in procedures',
  },
  {
    id: '8.4',
    section: 8,
    requirement:
      'Landlords may be asked to review and update the self-assessment following an Ombudsman investigation.',
  },
  {
    id: '8.5',
    section: 8,
    requirement:
      'If a landlord is unable to comply with the Code due to exceptional circumstances, such as a cyber incident, they must inform the Ombudsman, provide information to residents who may be affected, and publish this on their website Landlords must provide a timescale for returning to compliance with the Code.',
  },
  {
    id: '9.1',
    section: 9,
    requirement:
      'Landlords must look beyond the circumstances of the individual complaint and consider whether service improvements can be made as a result of any learning from the complaint.',
  },
  {
    id: '9.2',
    section: 9,
    requirement:
      'A positive complaint handling culture is integral to the effectiveness with which landlords resolve disputes. Landlords must use complaints as a source of intelligence to identify issues and introduce positive changes in service delivery.',
  },
  {
    id: '9.3',
    section: 9,
    requirement:
      "Accountability and transparency are also integral to a positive complaint handling culture. Landlords must report back on wider learning and improvements from complaints to stakeholders, such as residents' panels, staff and relevant committees",
  },
  {
    id: '9.4',
    section: 9,
    requirement:
      'Landlords must appoint a suitably senior lead person as accountable for their complaint handling. This person must assess any themes or trends to identify potential systemic issues, serious risks, or policies and procedures that require revision.',
  },
  {
    id: '9.5',
    section: 9,
    requirement:
      "In addition to this a member of the governing body (or equivalent) must be appointed to have lead responsibility for complaints to support a positive complaint handling culture. This person is referred to as the Member Responsible for Complaints ('the MRC').",
  },
  {
    id: '9.6',
    section: 9,
    requirement:
      "The MRC will be responsible for ensuring the governing body receives regular information on complaints that provides insight on the landlord's complaint handling performance. This person must have access to suitable information and staff to perform this role and report on their findings.",
  },
  {
    id: '9.7',
    section: 9,
    requirement:
      "As a minimum, the MRC and the governing body (or equivalent) must receive: a. regular updates on the volume, categories and outcomes of complaints, alongside complaint handling performance; b. regular reviews of issues and trends arising from complaint handling; c. regular updates on the outcomes of the Ombudsman's investigations and progress made in complying with orders related to severe maladministration findings; and d. annual complaints performance and service improvement report.",
  },
  {
    id: '9.8',
    section: 9,
    requirement:
      'Landlords must have a standard objective in relation to complaint handling for all relevant employees or third parties that reflects the need to: a. have a collaborative and cooperative approach towards resolving complaints, working with colleagues across teams and departments; b. take collective responsibility for any shortfalls identified through complaints, rather than blaming others; and c. act within the professional standards for engaging with complaints as set by any relevant professional body.',
  },
]
