import { describe, expect, it } from 'vitest'
import { outboxPage, printQueuePage } from './viewModel.js'

const counts = { outbox: 2, sent: 5, not_delivered: 1 }
const items = [{ id: 'm1', status: 'not_delivered' }]

describe('the outbox', () => {
  it('has a tab for each status with its count, All counting them all', () => {
    const m = outboxPage({ status: 'sent', counts, items, paged: false })
    expect(m.tabs.map((t) => [t.href, t.text, t.active])).toEqual([
      ['/mail', 'All (8)', false],
      ['/mail?status=outbox', 'In the outbox (no mail server) (2)', false],
      ['/mail?status=queued', 'Queued (0)', false],
      ['/mail?status=sent', 'Sent (5)', true],
      ['/mail?status=not_delivered', 'Not delivered (1)', false],
    ])
    expect(m.items[0]?.statusLabel).toBe('Not delivered')
    expect(m.pagination).toBeUndefined()
  })

  it('pages back to the newest and on to older ones, keeping the status and search', () => {
    const m = outboxPage({ status: 'sent', q: ' CMP-1 ', counts, items, paged: true, olderCursor: 'abc' })
    expect(m.pagination).toEqual({
      previous: { href: '/mail?status=sent&q=CMP-1', text: 'Newest' },
      next: { href: '/mail?status=sent&q=CMP-1&after=abc', text: 'Older' },
    })
  })

  it('leaves a search it would not run out of the page links, and says why', () => {
    const m = outboxPage({
      q: '%',
      searchError: 'Search for at least 2 characters',
      counts,
      items,
      paged: false,
      olderCursor: 'abc',
    })
    expect(m.pagination?.next?.href).toBe('/mail?after=abc')
    expect([m.q, m.searchError]).toEqual(['%', 'Search for at least 2 characters'])
  })
})

describe('the print queue', () => {
  it('names each letter and why it goes by post, and says how many were posted', () => {
    const m = printQueuePage([{ kind: 'stage1_response', reason: 'post_only' }], '3')
    expect(m.waiting[0]).toMatchObject({
      name: 'Stage 1 response letter',
      reasonLabel: 'Asked for letters by post',
    })
    expect(m.notice).toBe('3 letters marked as printed and posted.')
    expect(printQueuePage([], 'x').notice).toBeUndefined()
  })
})
