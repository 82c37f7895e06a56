// Text measurement for the layout, done on a canvas with the page's font: it works before
// the SVG is in the document (the report builds its sections detached) and matches the
// widths SVG text renders with in the same browser.

let context = null;
const cache = new Map();

function ctx() {
  if (!context) context = document.createElement('canvas').getContext('2d');
  return context;
}

function family() {
  return getComputedStyle(document.body || document.documentElement).fontFamily || 'sans-serif';
}

/** A measurer for one font family: width(text, size, weight) and the line box metrics(size, weight). */
export function createMeasure() {
  const fam = family();
  const set = (size, weight) => { ctx().font = `${weight} ${size}px ${fam}`; };
  return {
    width(text, size, weight) {
      const key = `${fam}|${weight}|${size}|${text}`;
      if (!cache.has(key)) {
        set(size, weight);
        cache.set(key, ctx().measureText(text).width);
      }
      return cache.get(key);
    },
    /** ascent and descent of the font's line box (what SVG getBBox uses), in px. */
    metrics(size, weight) {
      set(size, weight);
      const m = ctx().measureText('ÅHgjy');
      const ascent = m.fontBoundingBoxAscent ?? size * 0.95;
      const descent = m.fontBoundingBoxDescent ?? size * 0.25;
      return { ascent, descent };
    },
  };
}
