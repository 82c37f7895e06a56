// A drawing on the page as a file that stands alone: the SVG the board's own module drew,
// cloned with the styles the page's CSS gave it written onto each element as presentation
// attributes (a file has no stylesheet; attributes, not `style=`, so editors and the
// pages' CSP both take them), a white background and a font list that falls back to
// Arial and sans-serif. PNG: that file drawn on a canvas through an <img> (a data: URL,
// which the pages' CSP allows for images) and read back with toBlob. No screenshots.

const SVG_NS = 'http://www.w3.org/2000/svg';

/** The computed properties a drawing needs, each a presentation attribute of SVG. */
const PROPERTIES = ['fill', 'fill-opacity', 'stroke', 'stroke-width', 'stroke-dasharray', 'stroke-linecap', 'stroke-linejoin',
  'stroke-opacity', 'opacity', 'font-size', 'font-weight', 'font-style', 'paint-order', 'text-anchor', 'dominant-baseline'];
/** SVG's initial values: not written out, so the file stays small. */
const INITIAL = { 'fill-opacity': '1', 'stroke-opacity': '1', opacity: '1', 'stroke-linejoin': 'miter', 'stroke-linecap': 'butt',
  'dominant-baseline': 'auto', 'text-anchor': 'start', 'font-style': 'normal', 'paint-order': 'normal', 'stroke-dasharray': 'none' };
const TEXT = ['text', 'tspan', 'textPath'];
const TEXT_ONLY = ['font-size', 'font-weight', 'font-style', 'text-anchor', 'dominant-baseline'];
const FALLBACK_FONTS = 'Arial, Helvetica, sans-serif';

/**
 * `svg` (an element in the document, so its computed styles are known) as the text of a
 * stand-alone SVG file, `width` × `height` pixels.
 */
export function standaloneSvg(svg, { width, height, background = '#ffffff' }) {
  const copy = svg.cloneNode(true);
  const originals = [svg, ...svg.querySelectorAll('*')];
  const copies = [copy, ...copy.querySelectorAll('*')];
  originals.forEach((el, i) => {
    const target = copies[i];
    if (!(el instanceof SVGElement) || ['title', 'desc', 'defs', 'marker', 'clipPath'].includes(el.localName) && el !== svg) {
      target.removeAttribute('style');
      return;
    }
    const style = getComputedStyle(el);
    if (style.display === 'none') { target.setAttribute('display', 'none'); }
    if (!['svg', 'g', 'defs'].includes(el.localName)) {
      const isText = TEXT.includes(el.localName);
      const stroked = style.getPropertyValue('stroke') !== 'none';
      for (const property of PROPERTIES) {
        const value = style.getPropertyValue(property);
        if (!value || INITIAL[property] === value) continue; // the file's defaults are SVG's own
        if (!isText && TEXT_ONLY.includes(property)) continue;
        if (!stroked && property.startsWith('stroke-')) continue;
        target.setAttribute(property, value);
      }
    }
    // Fills and lines scaled about the centre with a CSS transform: the same as an attribute.
    const transform = el.style?.transform;
    if (transform && transform !== 'none') target.setAttribute('transform', `${target.getAttribute('transform') || ''} ${transform}`.trim());
    if (el.style?.opacity) target.setAttribute('opacity', el.style.opacity);
    target.removeAttribute('style');
  });
  copy.setAttribute('xmlns', SVG_NS);
  copy.setAttribute('width', String(width));
  copy.setAttribute('height', String(height));
  const family = getComputedStyle(svg).fontFamily || '';
  copy.setAttribute('font-family', family ? `${family}, ${FALLBACK_FONTS}` : FALLBACK_FONTS);
  const [x, y, w, h] = (copy.getAttribute('viewBox') || `0 0 ${width} ${height}`).split(/\s+/).map(Number);
  const back = document.createElementNS(SVG_NS, 'rect');
  for (const [k, v] of Object.entries({ x, y, width: w, height: h, fill: background })) back.setAttribute(k, String(v));
  copy.insertBefore(back, copy.firstChild?.localName === 'title' ? copy.firstChild.nextSibling : copy.firstChild);
  return `<?xml version="1.0" encoding="UTF-8"?>\n${new XMLSerializer().serializeToString(copy)}\n`;
}

/** UTF-8 text as base64 (for a data: URL). */
function base64(text) {
  const bytes = new TextEncoder().encode(text);
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

/** The SVG file's text drawn into a PNG of `width` × `height` × `scale` pixels. */
export function pngFromSvg(text, { width, height, scale = 2 }) {
  return new Promise((resolve, reject) => {
    const img = new Image();
    img.onload = () => {
      const canvas = document.createElement('canvas');
      canvas.width = Math.round(width * scale);
      canvas.height = Math.round(height * scale);
      const g = canvas.getContext('2d');
      g.fillStyle = '#ffffff';
      g.fillRect(0, 0, canvas.width, canvas.height);
      g.drawImage(img, 0, 0, canvas.width, canvas.height);
      canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error('toBlob failed'))), 'image/png');
    };
    img.onerror = () => reject(new Error('the SVG did not load as an image'));
    img.src = `data:image/svg+xml;base64,${base64(text)}`;
  });
}

/** Offers `blob` as a download named `name`. */
export function saveBlob(blob, name) {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}
