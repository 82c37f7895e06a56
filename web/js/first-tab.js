// Until the person has used a freshly loaded page (a key, a touch or a click), scripts leave
// the keyboard focus where the browser put it, so the first Tab stop is the skip link.

let acted = false;
for (const type of ['keydown', 'pointerdown']) {
  document.addEventListener(type, () => { acted = true; }, { capture: true, once: true });
}

/** True once the person has pressed a key or touched the page. */
export const personActed = () => acted;
