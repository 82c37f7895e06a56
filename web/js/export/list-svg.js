// The board's list views (gap ranking, dots, points, priority, ideas) are HTML on the
// projector; for a file they are drawn here as SVG from the same rows (export/rows.js):
// a rank, a name, a bar or a 1-5 track, and the figure, "for få svar" where it is withheld.

import { s } from '../dom.js';
import { t } from '../i18n.js';
import { wrap } from '../wheel/wrap.js';
import { darkenFor } from '../wheel/colour.js';

const W = 1600;
const PAD = 40;
const LABEL = 560; // the names' column
const VALUE = 250; // the figures' column
const LINE = 30;

/**
 * An <svg> of `rows` ([{id, label, colour, bar: 0..1|null, track: [{at: 1..5, kind}]|null,
 * text, withheld, data}]), `title` and the reading hint `subtitle` above; returns {svg, width, height}.
 */
export function listSvg(rows, { title, subtitle = '', labelLines = 1 } = {}) {
  const rowHeight = Math.max(48, labelLines * LINE + 18);
  const top = subtitle ? 124 : 96;
  const height = top + Math.max(1, rows.length) * rowHeight + PAD;
  const svg = s('svg', { class: 'export-list', viewBox: `0 0 ${W} ${height}`, role: 'img', 'aria-label': title });
  svg.append(s('title', { text: title }),
    s('text', { x: PAD, y: 58, 'font-size': 34, 'font-weight': 800, fill: '#1a1f27', text: title }),
    subtitle ? s('text', { x: PAD, y: 98, 'font-size': 22, fill: '#4d5560', text: subtitle }) : null);
  const trackX = PAD + 56 + LABEL + 24;
  const trackW = W - trackX - VALUE - PAD;
  if (!rows.length) svg.append(s('text', { x: PAD, y: top + 30, 'font-size': 24, fill: '#4d5560', text: t('export.noRows') }));
  rows.forEach((row, i) => {
    const y = top + i * rowHeight;
    const mid = y + rowHeight / 2;
    const g = s('g', { class: 'export-row', data: { exportRow: '', ...row.data, withheld: row.withheld ? 'yes' : null } });
    if (i % 2 === 0) g.append(s('rect', { x: PAD - 12, y, width: W - 2 * PAD + 24, height: rowHeight, fill: '#f3f4f6' }));
    g.append(s('rect', { x: PAD - 12, y: y + 6, width: 6, height: rowHeight - 12, fill: row.colour || '#8a93a0' }));
    if (row.rank) g.append(s('text', { x: PAD + 40, y: mid + 9, 'font-size': 24, 'font-weight': 700, 'text-anchor': 'end', fill: '#1a1f27', text: String(row.rank) }));
    const lines = wrap(row.label, labelLines > 1 ? 44 : 40, labelLines);
    const label = s('text', { class: 'export-label', 'font-size': 24, 'font-weight': 600, fill: '#1a1f27' });
    lines.forEach((line, k) => label.append(s('tspan', { x: PAD + 56, y: (mid - ((lines.length - 1) * LINE) / 2 + k * LINE + 8).toFixed(1), text: line })));
    g.append(label);
    if (row.track) {
      const at = (v) => trackX + ((v - 1) / 4) * trackW;
      g.append(s('line', { x1: trackX, x2: trackX + trackW, y1: mid, y2: mid, stroke: '#c4c9d0', 'stroke-width': 4, 'stroke-linecap': 'round' }));
      const imp = row.track.find((p) => p.kind === 'imp');
      const lev = row.track.find((p) => p.kind === 'lev');
      if (imp && lev) g.append(s('line', { x1: at(lev.at), x2: at(imp.at), y1: mid, y2: mid, stroke: row.colour || '#8a93a0', 'stroke-width': 8 }));
      for (const p of row.track) {
        if (p.kind === 'exp') g.append(s('path', { d: `M${at(p.at)} ${mid - 11}l9 11l-9 11l-9 -11z`, fill: '#ffffff', stroke: '#1a1f27', 'stroke-width': 2.5 }));
        else g.append(s('circle', { cx: at(p.at).toFixed(1), cy: mid, r: 10, fill: p.kind === 'lev' ? '#1a1f27' : '#ffffff', stroke: '#1a1f27', 'stroke-width': 3 }));
      }
    } else if (typeof row.bar === 'number') {
      g.append(s('rect', { x: trackX, y: mid - 12, width: trackW, height: 24, rx: 4, fill: '#e4e7eb' }),
        s('rect', { x: trackX, y: mid - 12, width: (Math.max(0, Math.min(1, row.bar)) * trackW).toFixed(1), height: 24, rx: 4, fill: row.colour || '#8a93a0' }));
    }
    g.append(s('text', { class: 'export-value', x: W - PAD, y: mid + 9, 'font-size': 24, 'font-weight': row.withheld ? 600 : 800,
      'font-style': row.withheld ? 'italic' : null, 'text-anchor': 'end', fill: row.withheld ? '#4d5560' : darkenFor(row.colour, '#ffffff'), text: row.text }));
    svg.append(g);
  });
  return { svg, width: W, height };
}
