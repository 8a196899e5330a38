import { createRequire } from 'node:module'
import { Resvg } from '@resvg/resvg-js'

/**
 * A chart's SVG as a PNG, for the Word document (which cannot be relied on to draw SVG: older
 * Word and LibreOffice show only a picture). Its text is set in Arimo (the open font with Arial's
 * widths), shipped as an npm package, so the picture is the same on any server: system fonts are
 * not loaded, since a slim server or container may have none and resvg then draws no text at all.
 */
const require = createRequire(import.meta.url)
const fontFiles = ['400Regular/Arimo_400Regular.ttf', '700Bold/Arimo_700Bold.ttf'].map((f) =>
  require.resolve(`@expo-google-fonts/arimo/${f}`),
)

export type ChartPicture = { png: Buffer; width: number; height: number }

/** Drawn `width` pixels wide (the height follows the chart's shape), on white. */
export function chartPng(svg: string, width: number): ChartPicture {
  const picture = new Resvg(svg, {
    fitTo: { mode: 'width', value: Math.round(width) },
    background: 'white',
    font: { loadSystemFonts: false, fontFiles, defaultFontFamily: 'Arimo', sansSerifFamily: 'Arimo' },
  }).render()
  return { png: picture.asPng(), width: picture.width, height: picture.height }
}
