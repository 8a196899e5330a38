import { describe, expect, it } from 'vitest'
import { inboxItemPage, inboxListPage } from './viewModel.js'

const item = {
  id: 'i1',
  fromAddress: 'ada@resident.example',
  fromName: 'Ada Brown',
  toAddresses: 'complaints@landlord.example',
  subject: '',
  arrivedAt: new Date('2026-03-02T08:40:00Z'),
  status: 'new',
  decision: null,
}

describe('the inbox pages', () => {
  it('lists the queue with New first, the filters kept in the page links, and says who sent each email', () => {
    const page = inboxListPage({
      status: '',
      from: 'ada@resident.example',
      since: { day: '1', month: '3', year: '2026' },
      items: [item, { ...item, id: 'i2', fromName: null, status: 'decided', decision: 'joined' }],
      paged: true,
      olderCursor: 'abc',
    })
    expect(page.tabs.map((t) => [t.text, t.active])).toEqual([
      ['New', true],
      ['Decided', false],
      ['All', false],
    ])
    expect(page.rows.map((r) => [r.subject, r.from, r.status])).toEqual([
      ['(no subject)', 'Ada Brown <ada@resident.example>', 'New'],
      ['(no subject)', 'ada@resident.example', 'Joined its case as a reply'],
    ])
    expect(page.rows[0]?.arrived).toBe('Mon 2 Mar 2026 at 08:40')
    expect(page.pagination?.previous?.href).toBe(
      '/inbox?from=ada%40resident.example&since-day=1&since-month=3&since-year=2026',
    )
    expect(page.pagination?.next?.href).toContain('&after=abc')
    expect(page.filtered).toBe(true)
  })

  it('shows an email’s attachments with a link, or refused with the reason, and what was decided by whom', () => {
    const page = inboxItemPage({
      ...item,
      textBody: '  Hello  \n',
      status: 'decided',
      decision: 'complaint',
      complaintId: 'c1',
      complaintReference: 'CMP-2026-000001',
      serviceRequestId: null,
      serviceRequestReference: null,
      decidedByName: 'Sam Officer',
      decidedAt: new Date('2026-03-02T10:00:00Z'),
      note: null,
      attachments: [
        { id: 'a1', filename: 'report.pdf', size: 2048, refusedReason: null },
        { id: 'a2', filename: 'x.jpg', size: 11, refusedReason: 'not really a JPEG image' },
      ],
    })
    expect(page.text).toBe('Hello')
    expect(page.isNew).toBe(false)
    expect(page.decision).toEqual({
      label: 'Logged as a complaint',
      what: { text: 'CMP-2026-000001', href: '/complaints/c1' },
      by: 'Sam Officer',
      at: 'Mon 2 Mar 2026 at 10:00',
    })
    expect(page.attachments).toEqual([
      { filename: 'report.pdf', size: '2 KB', href: '/inbox/i1/attachments/a1', refusedReason: null },
      { filename: 'x.jpg', size: '11 bytes', href: undefined, refusedReason: 'not really a JPEG image' },
    ])
  })
})
