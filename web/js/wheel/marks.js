// The overlays' lines and markers as SVG attributes and paths (js/overlays.js has the
// looks): shared by the wheel, the matrix and the legends. Plain geometry, no imports, so
// the phone's wheel loads nothing more for it.

/** A marker's path centred on (x, y), `r` its half width. */
export function markerPath(shape, x, y, r) {
  const f = (n) => n.toFixed(2);
  switch (shape) {
    case 'diamond': return `M${f(x)} ${f(y - r * 1.25)}L${f(x + r)} ${f(y)}L${f(x)} ${f(y + r * 1.25)}L${f(x - r)} ${f(y)}Z`;
    case 'square': return `M${f(x - r * 0.85)} ${f(y - r * 0.85)}h${f(r * 1.7)}v${f(r * 1.7)}h${f(-r * 1.7)}Z`;
    case 'triangle': return `M${f(x)} ${f(y - r * 1.1)}L${f(x + r)} ${f(y + r * 0.8)}L${f(x - r)} ${f(y + r * 0.8)}Z`;
    case 'cross': {
      const a = r * 0.9; const w = r * 0.35;
      return `M${f(x - a)} ${f(y - a + w)}L${f(x - a + w)} ${f(y - a)}L${f(x)} ${f(y - w)}L${f(x + a - w)} ${f(y - a)}L${f(x + a)} ${f(y - a + w)}`
        + `L${f(x + w)} ${f(y)}L${f(x + a)} ${f(y + a - w)}L${f(x + a - w)} ${f(y + a)}L${f(x)} ${f(y + w)}L${f(x - a + w)} ${f(y + a)}`
        + `L${f(x - a)} ${f(y + a - w)}L${f(x - w)} ${f(y)}Z`;
    }
    default: return `M${f(x - r)} ${f(y)}a${f(r)} ${f(r)} 0 1 0 ${f(2 * r)} 0a${f(r)} ${f(r)} 0 1 0 ${f(-2 * r)} 0Z`;
  }
}

/** Attributes of a layer's line (`width` in drawing units). */
export const lineLook = (look, width) => ({
  fill: 'none', stroke: look.stroke, 'stroke-width': width, 'stroke-dasharray': look.dash,
  'stroke-linecap': look.dash && look.dash.startsWith('2 ') ? 'round' : 'butt',
});

/** Attributes of a layer's marker: hollow for the profile and the earlier run, filled for a group. */
export const markerLook = (look, width) => ({
  fill: look.marker === 'diamond' || look.marker === 'circle' ? '#ffffff' : look.stroke,
  stroke: look.marker === 'diamond' || look.marker === 'circle' ? look.stroke : '#ffffff', 'stroke-width': width,
});
