import { describe, expect, it } from 'vitest'
import { letterBlocks, letterHtml } from './layout.js'

const text = `Test Homes
Tuesday 3 March 2026

Dear Asha Patel,

Your complaint: stage 1 acknowledgement
Our reference: CMP-2026-000001

Thank you for your complaint, which we received on Monday 2 March 2026.

What your complaint is about (the complaint definition):
  - Mould in the bedroom
  - Calls <not> returned

Yours sincerely,

The complaints team
Test Homes
`

describe('a letter’s layout, read from its issued text', () => {
  it('finds the letterhead, subject, paragraphs, lead-ins and lists', () => {
    expect(letterBlocks(text)).toEqual([
      { kind: 'letterhead', lines: ['Test Homes', 'Tuesday 3 March 2026'] },
      { kind: 'paragraph', text: 'Dear Asha Patel,' },
      { kind: 'subject', text: 'Your complaint: stage 1 acknowledgement' },
      { kind: 'paragraph', text: 'Our reference: CMP-2026-000001' },
      { kind: 'paragraph', text: 'Thank you for your complaint, which we received on Monday 2 March 2026.' },
      { kind: 'heading', text: 'What your complaint is about (the complaint definition):' },
      { kind: 'list', items: ['Mould in the bedroom', 'Calls <not> returned'] },
      { kind: 'paragraph', text: 'Yours sincerely,' },
      { kind: 'paragraph', text: 'The complaints team' },
      { kind: 'paragraph', text: 'Test Homes' },
    ])
  })

  it('makes escaped, semantic HTML, larger for large print', () => {
    const html = letterHtml(text)
    expect(html).toContain('<h1 style="font-size:1.25em">Your complaint: stage 1 acknowledgement</h1>')
    expect(html).toContain('<li>Calls &lt;not&gt; returned</li>')
    expect(html).toContain('font-size:16px')
    expect(letterHtml(text, { largePrint: true })).toContain('font-size:20px')
  })
})

describe('a letter laid out for a window envelope', () => {
  it('reads the recipient’s address and the date, each a group under the letterhead', () => {
    const posted = `Test Homes
1 High Street
Phone: 0113 496 0000

Ravi Patel
7 Birch Close
HG1 2AB

20 March 2026

Dear Ravi Patel,

Your complaint: our stage 1 response
Our reference: CMP-2026-000042
`
    expect(letterBlocks(posted).slice(0, 4)).toEqual([
      { kind: 'letterhead', lines: ['Test Homes', '1 High Street', 'Phone: 0113 496 0000'] },
      { kind: 'recipient', lines: ['Ravi Patel', '7 Birch Close', 'HG1 2AB'] },
      { kind: 'date', text: '20 March 2026' },
      { kind: 'paragraph', text: 'Dear Ravi Patel,' },
    ])
    expect(letterHtml(posted)).toContain('<p>Ravi Patel<br>7 Birch Close<br>HG1 2AB</p>')
  })
})
