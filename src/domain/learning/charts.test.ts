import { describe, expect, it } from 'vitest'
import { barChartSvg } from './charts.js'

describe('a bar chart as SVG', () => {
  const svg = barChartSvg('category', 'Complaints by category', [
    { label: 'Repairs & maintenance', value: 12 },
    { label: 'Damp and mould', value: 7 },
  ])

  it('has no style attribute, which the Content Security Policy would refuse', () => {
    expect(svg).not.toMatch(/\sstyle=/)
    expect(svg).not.toContain('<style')
  })

  it('asks for a sans-serif font, so no browser falls back to its serif one', () => {
    expect(svg).toMatch(/<svg [^>]*font-family="[^"]*\bsans-serif"/)
  })

  it('is titled, and draws each row’s label and value as text', () => {
    expect(svg).toContain('<title id="category-title">Complaints by category</title>')
    expect(svg).toContain('aria-labelledby="category-title"')
    expect(svg).toContain('>Repairs &amp; maintenance</text>')
    expect(svg).toContain('>12</text>')
    expect(svg.match(/<rect /g)).toHaveLength(2)
  })

  it('gives the labels the room they need, and cuts short one too long for half the chart', () => {
    const long = 'Staff conduct, attitude and communication with residents and their representatives'
    const drawn = barChartSvg('x', 'T', [
      { label: 'Staff conduct and communication', value: 3 },
      { label: long, value: 1 },
    ])
    expect(drawn).toContain('>Staff conduct and communication</text>')
    expect(drawn).not.toContain(long)
    expect(drawn).toMatch(/>Staff conduct, attitude[^<]*…<\/text>/)
    const labelColumn = (svg: string) => Number(/<rect x="(\d+)"/.exec(svg)?.[1])
    expect(labelColumn(drawn)).toBe(320)
    expect(labelColumn(barChartSvg('m', 'T', [{ label: 'Apr', value: 1 }]))).toBe(160)
    expect(labelColumn(svg)).toBeGreaterThan(160)
  })
})
