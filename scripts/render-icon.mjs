// Renders the marketplace icon (128×128 PNG, dist/icon.png) from the view's own SVG,
// media/lease-lens.svg, at build time: its strokes drawn white on a rounded blue tile. There is
// no hand-drawn PNG in the repository to drift from the SVG.
import { Resvg } from '@resvg/resvg-js';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const ICON_SIZE = 128;
export const ICON_BACKGROUND = '#1f4e79';

/** The 128×128 SVG built around the view icon's content. */
export function marketplaceSvg(viewSvg) {
  const open = /<svg\b[^>]*>/.exec(viewSvg);
  const close = viewSvg.lastIndexOf('</svg>');
  const viewBox = /viewBox="0 0 (\d+(?:\.\d+)?) (\d+(?:\.\d+)?)"/.exec(open?.[0] ?? '');
  if (!open || close < 0 || !viewBox)
    throw new Error('media/lease-lens.svg: expected one <svg viewBox="0 0 W H"> element');
  const inner = viewSvg.slice(open.index + open[0].length, close);
  const width = Number(viewBox[1]);
  // The glyph fills 72 % of the tile, centred.
  const scale = (ICON_SIZE * 0.72) / width;
  const offset = (ICON_SIZE - width * scale) / 2;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${ICON_SIZE}" height="${ICON_SIZE}" viewBox="0 0 ${ICON_SIZE} ${ICON_SIZE}">`,
    `<rect width="${ICON_SIZE}" height="${ICON_SIZE}" rx="22" fill="${ICON_BACKGROUND}"/>`,
    `<g transform="translate(${offset} ${offset}) scale(${scale})" fill="none" stroke="#ffffff" stroke-width="1.5" stroke-linecap="round" stroke-linejoin="round" color="#ffffff">`,
    inner,
    '</g></svg>',
  ].join('');
}

export function renderIcon(root) {
  const svg = marketplaceSvg(readFileSync(join(root, 'media', 'lease-lens.svg'), 'utf8'));
  const png = new Resvg(svg, { fitTo: { mode: 'width', value: ICON_SIZE } }).render().asPng();
  mkdirSync(join(root, 'dist'), { recursive: true });
  writeFileSync(join(root, 'dist', 'icon.png'), png);
  return png.length;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const bytes = renderIcon(new URL('..', import.meta.url).pathname);
  console.log(`dist/icon.png: ${ICON_SIZE}×${ICON_SIZE}, ${bytes} bytes`);
}
