// A projector cannot scroll: a screen whose content is taller or wider than its box first
// sheds optional detail (elements marked data-droppable, last first), then shrinks its
// type (the screen's --fit, which its CSS multiplies into every size) down to a floor.

const FLOOR = 0.55;
const STEP = 0.05;
// Type shrinks this far before detail is dropped: large text matters more than a fourth example.
const KEEP_DETAIL_TO = 0.8;

const overflows = (el) => el.scrollHeight > el.clientHeight + 1 || el.scrollWidth > el.clientWidth + 1;

function shrink(el, from, to) {
  let scale = from;
  while (overflows(el) && scale > to + 1e-6) {
    scale = Math.max(to, scale - STEP);
    el.style.setProperty('--fit', scale.toFixed(2));
  }
  return scale;
}

/** Makes `el` fit its own box; returns the scale it settled on. */
export function fitScreen(el) {
  el.style.setProperty('--fit', '1');
  const droppable = [...el.querySelectorAll('[data-droppable]')];
  for (const item of droppable) item.hidden = false;
  let scale = shrink(el, 1, KEEP_DETAIL_TO);
  while (overflows(el) && droppable.length) droppable.pop().hidden = true;
  scale = shrink(el, scale, FLOOR);
  el.dataset.fit = scale.toFixed(2);
  return scale;
}

/**
 * A function that refits `el` only when its box changed size (a projector switching
 * resolution) or `force` is set (its content changed); cheap to call on every update.
 */
export function fitter(el) {
  let last = '';
  document.fonts?.ready.then(() => { last = ''; refit(); });
  function refit(force = false) {
    if (!el.isConnected) return;
    const size = `${el.clientWidth}x${el.clientHeight}`;
    if (size === last && !force) return;
    fitScreen(el);
    last = size;
  }
  return refit;
}

/** Shrinks `el`'s type (--fit) until its text takes at most `lines` lines. */
export function fitLines(el, lines, floor = 0.6) {
  let scale = 1;
  el.style.setProperty('--fit', '1');
  const tooTall = () => {
    const style = getComputedStyle(el);
    const line = parseFloat(style.lineHeight) || parseFloat(style.fontSize) * 1.2;
    return el.scrollHeight > lines * line + 1 || el.scrollWidth > el.clientWidth + 1;
  };
  while (tooTall() && scale > floor + 1e-6) {
    scale = Math.max(floor, scale - STEP);
    el.style.setProperty('--fit', scale.toFixed(2));
  }
  return scale;
}
