import { describe, expect, it } from 'vitest'
import { type Cell, cellText, pounds, type ReportDocument, tablesOf } from './reportDocument.js'

describe('a report’s cells and money, the same in every renderer', () => {
  it.each<[Cell, string]>([
    [null, '–'],
    [0, '0'],
    [12500, '12,500'],
    [66.66666, '66.67'],
    [1.5, '1.5'],
    ['Repairs', 'Repairs'],
  ])('%j shows as %j', (cell, text) => {
    expect(cellText(cell)).toBe(text)
  })

  it.each<[number, string]>([
    [0, '£0.00'],
    [50, '£50.00'],
    [1234.5, '£1,234.50'],
    [0.1 + 0.2, '£0.30'],
  ])('%d pounds is %s', (n, text) => {
    expect(pounds(n)).toBe(text)
  })

  it('lists a document’s tables in order, and nothing else', () => {
    const table = (caption: string) => ({ caption, sheet: caption, head: [], rows: [] })
    const d: ReportDocument = {
      title: 't',
      author: 'a',
      blocks: [
        { kind: 'heading', level: 2, text: 'h' },
        { kind: 'table', table: table('one') },
        { kind: 'paragraph', text: 'p' },
        { kind: 'chart', id: 'c', title: 'c', rows: [] },
        { kind: 'table', table: table('two') },
      ],
    }
    expect(tablesOf(d).map((t) => t.caption)).toEqual(['one', 'two'])
  })
})
