// Plain geometry for the wheel's SVG paths. Angles in radians, clockwise from 3 o'clock
// (SVG's y axis points down); the first competence starts at 12 o'clock.

export const START = -Math.PI / 2;

export const fmt = (n) => n.toFixed(2);

export function polar(r, angle) { return [r * Math.cos(angle), r * Math.sin(angle)]; }

/** An annular sector from r0 to r1 between two angles. */
export function sector(r0, r1, a0, a1) {
  const large = a1 - a0 > Math.PI ? 1 : 0;
  const [x0, y0] = polar(r1, a0);
  const [x1, y1] = polar(r1, a1);
  if (r0 <= 0) return `M0 0L${fmt(x0)} ${fmt(y0)}A${fmt(r1)} ${fmt(r1)} 0 ${large} 1 ${fmt(x1)} ${fmt(y1)}Z`;
  const [x2, y2] = polar(r0, a1);
  const [x3, y3] = polar(r0, a0);
  return `M${fmt(x0)} ${fmt(y0)}A${fmt(r1)} ${fmt(r1)} 0 ${large} 1 ${fmt(x1)} ${fmt(y1)}L${fmt(x2)} ${fmt(y2)}A${fmt(r0)} ${fmt(r0)} 0 ${large} 0 ${fmt(x3)} ${fmt(y3)}Z`;
}

/** An arc of radius r; `reverse` runs it counter-clockwise (text on it then stays upright below the centre). */
export function arc(r, a0, a1, reverse = false) {
  const large = a1 - a0 > Math.PI ? 1 : 0;
  const [x0, y0] = polar(r, reverse ? a1 : a0);
  const [x1, y1] = polar(r, reverse ? a0 : a1);
  return `M${fmt(x0)} ${fmt(y0)}A${fmt(r)} ${fmt(r)} 0 ${large} ${reverse ? 0 : 1} ${fmt(x1)} ${fmt(y1)}`;
}

/** A straight line through points [[x, y], ...]. */
export function polyline(points) {
  return points.map(([x, y], i) => `${i ? 'L' : 'M'}${fmt(x)} ${fmt(y)}`).join('');
}
