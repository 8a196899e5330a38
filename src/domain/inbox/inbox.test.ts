import { describe, expect, it } from 'vitest'
import {
  htmlAsText,
  outgoingMessageId,
  receivedEmailSummary,
  referenceInSubject,
  repliedToIds,
} from './inbox.js'

describe('email in', () => {
  it('finds the Message-IDs a reply names, In-Reply-To first, each once', () => {
    expect(repliedToIds('<b@x>', ['<a@x> <b@x>', '<c@y>'])).toEqual(['<b@x>', '<a@x>', '<c@y>'])
    expect(repliedToIds(undefined, undefined)).toEqual([])
  })

  it('finds our reference in a subject in any case, and nothing else', () => {
    expect(referenceInSubject('Re: your complaint cmp-2026-000123 (stage 1)')).toBe('CMP-2026-000123')
    expect(referenceInSubject('Re: order XCMP-2026-000123')).toBeUndefined()
    expect(referenceInSubject('CMP-2026-12')).toBeUndefined()
  })

  it('names our own messages with the sender’s domain', () => {
    expect(outgoingMessageId('0f8c-id', 'Test Homes <complaints@test-homes.example>')).toBe(
      '<mail-0f8c-id@test-homes.example>',
    )
  })

  it('renders email HTML as text: scripts and styles gone, blocks on their own lines, entities read', () => {
    expect(
      htmlAsText(
        '<html><head><style>p{color:red}</style></head><body><p>Hello &amp; <b>welcome</b></p><script>alert(1)</script><!-- x --><div>Line&nbsp;2<br>Line 3 &#x1F600;</div></body></html>',
      ),
    ).toBe('Hello & welcome\nLine 2\nLine 3 😀')
  })

  it('summarises an email for a case history within the 10,000 characters information may have', () => {
    const s = receivedEmailSummary({
      fromAddress: 'a@b.example',
      subject: ' Damp ',
      text: 'x'.repeat(20_000),
    })
    expect(s.startsWith('Email from a@b.example: Damp\n\nxxx')).toBe(true)
    expect(s.length).toBeLessThanOrEqual(10_000)
    expect(receivedEmailSummary({ fromAddress: 'a@b.example', subject: '', text: '' })).toBe(
      'Email from a@b.example: (no subject)',
    )
  })
})
