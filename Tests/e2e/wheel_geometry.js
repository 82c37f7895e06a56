// Read from the live page by test_wheel_layout.py: every text of one wheel SVG as boxes in
// client pixels, with what it says, its rendered font size and its contrast against what
// is drawn under it. Straight texts count as their bounding box (a label's lines together);
// text on the ring's curve as one box per glyph, since the box around a curved line
// covers ring and centre it never touches.
window.wheelTexts = function wheelTexts(svg) {
  const ctm = svg.getScreenCTM();
  const vb = svg.viewBox.baseVal;
  const toClient = (x, y) => [ctm.a * x + ctm.c * y + ctm.e, ctm.b * x + ctm.d * y + ctm.f];
  const [vx0, vy0] = toClient(vb.x, vb.y);
  const [vx1, vy1] = toClient(vb.x + vb.width, vb.y + vb.height);
  const texts = [];
  [...svg.querySelectorAll('text')].forEach((el, index) => {
    const content = el.textContent.trim();
    if (!content) return;
    const style = getComputedStyle(el);
    if (style.display === 'none' || style.visibility === 'hidden') return;
    const boxes = [];
    if (el.querySelector('textPath')) {
      for (let i = 0; i < el.getNumberOfChars(); i++) {
        if (!el.textContent[i] || !el.textContent[i].trim()) continue;
        const r = el.getExtentOfChar(i);
        const [x0, y0] = toClient(r.x, r.y);
        const [x1, y1] = toClient(r.x + r.width, r.y + r.height);
        boxes.push([Math.min(x0, x1), Math.min(y0, y1), Math.max(x0, x1), Math.max(y0, y1)]);
      }
    } else {
      const r = el.getBoundingClientRect();
      boxes.push([r.left, r.top, r.right, r.bottom]);
    }
    texts.push({ index, text: content.slice(0, 50), cls: el.getAttribute('class') || '', boxes,
      size: parseFloat(style.fontSize) * ctm.a, contrast: contrastOf(el, style) });
  });
  return { texts, viewBox: [vx0, vy0, vx1, vy1], scale: ctm.a };
};

function rgb(colour) {
  const m = colour.match(/rgba?\(([^)]+)\)/);
  if (!m) return null;
  const [r, g, b, a = 1] = m[1].split(/[ ,/]+/).filter(Boolean).map(Number);
  return { rgb: [r, g, b], a };
}

function luminance([r, g, b]) {
  const lin = (c) => { const v = c / 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
  return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
}

// What is under the text: the topmost filled SVG shape at a glyph's centre, else the
// first HTML ancestor with an opaque background.
function backgroundOf(el) {
  const n = el.getNumberOfChars();
  const middle = el.getExtentOfChar(Math.floor(n / 2));
  const ctm = el.getScreenCTM();
  const x = ctm.a * (middle.x + middle.width / 2) + ctm.c * (middle.y + middle.height / 2) + ctm.e;
  const y = ctm.b * (middle.x + middle.width / 2) + ctm.d * (middle.y + middle.height / 2) + ctm.f;
  for (const under of document.elementsFromPoint(x, y)) {
    if (under.closest('text')) continue;
    if (under instanceof SVGGeometryElement) {
      const style = getComputedStyle(under);
      const fill = rgb(style.fill);
      const opacity = parseFloat(style.fillOpacity) * parseFloat(style.opacity);
      if (fill && opacity > 0.99) return fill.rgb;
      continue; // a translucent tint or a line: look further down
    }
    for (let node = under; node; node = node.parentElement) {
      const bg = rgb(getComputedStyle(node).backgroundColor);
      if (bg && bg.a > 0.99) return bg.rgb;
    }
  }
  return [255, 255, 255];
}

function contrastOf(el, style) {
  const fg = rgb(style.fill);
  if (!fg) return 0;
  const [a, b] = [luminance(fg.rgb), luminance(backgroundOf(el))].sort((p, q) => q - p);
  return (a + 0.05) / (b + 0.05);
}

/** Pairs of boxes from different texts that intersect by more than half a pixel, and texts outside `area`. */
window.wheelProblems = function wheelProblems(result, area) {
  const overlaps = [];
  const outside = [];
  const { texts } = result;
  for (let i = 0; i < texts.length; i++) {
    for (const box of texts[i].boxes) {
      if (box[0] < area[0] - 0.5 || box[1] < area[1] - 0.5 || box[2] > area[2] + 0.5 || box[3] > area[3] + 0.5) outside.push([texts[i].text, box.map(Math.round)]);
    }
    for (let j = i + 1; j < texts.length; j++) {
      const hit = texts[i].boxes.some((a) => texts[j].boxes.some((b) =>
        Math.min(a[2], b[2]) - Math.max(a[0], b[0]) > 0.5 && Math.min(a[3], b[3]) - Math.max(a[1], b[1]) > 0.5));
      if (hit) overlaps.push([texts[i].text, texts[j].text]);
    }
  }
  return { overlaps, outside };
};
