/** The largest logo a letterhead takes. */
export const LOGO_MAX_BYTES = 512 * 1024

export type LogoCheck =
  | { ok: true; bytes: Uint8Array; type: 'image/png' | 'image/jpeg' }
  | { ok: false; message: string; fieldMessage: string }

/**
 * A logo for the top of letters (the installation's, or a landlord entity's), checked by what
 * the file is, not what it is called: PNG or JPEG of at most 512 KB. SVG is refused: it is a
 * document that can carry scripts and links, and the PDF writer cannot draw it.
 */
export function checkLogo(b: Uint8Array): LogoCheck {
  const png = b[0] === 0x89 && b[1] === 0x50 && b[2] === 0x4e && b[3] === 0x47
  const jpeg = b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff
  if (!png && !jpeg)
    return {
      ok: false,
      message: 'The logo must be a PNG or JPEG image',
      fieldMessage: 'Choose a PNG or JPEG image',
    }
  if (b.length > LOGO_MAX_BYTES)
    return {
      ok: false,
      message: 'The logo must be 512 KB or smaller',
      fieldMessage: 'Choose an image of 512 KB or smaller',
    }
  return { ok: true, bytes: b, type: png ? 'image/png' : 'image/jpeg' }
}
