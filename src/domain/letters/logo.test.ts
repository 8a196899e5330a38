import { describe, expect, it } from 'vitest'
import { checkLogo, LOGO_MAX_BYTES } from './logo.js'

describe('a logo', () => {
  const png = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])
  const jpeg = Uint8Array.from([0xff, 0xd8, 0xff, 0xe0])
  it('is a PNG or JPEG by its content, whatever it is called', () => {
    expect(checkLogo(png)).toMatchObject({ ok: true, type: 'image/png' })
    expect(checkLogo(jpeg)).toMatchObject({ ok: true, type: 'image/jpeg' })
  })
  it('is never SVG (it can carry scripts), nor larger than 512 KB', () => {
    const svg = new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg"/>')
    expect(checkLogo(svg)).toMatchObject({ ok: false, fieldMessage: 'Choose a PNG or JPEG image' })
    const big = new Uint8Array(LOGO_MAX_BYTES + 1)
    big.set(png)
    expect(checkLogo(big)).toMatchObject({ ok: false, message: 'The logo must be 512 KB or smaller' })
  })
})
