// A console panel: a titled section of the console grid.

import { h } from '../dom.js';

// The heading takes the focus (tabindex -1) when the control that had it is gone.
export const panel = (title, ...children) => h('section', { class: 'panel' }, h('h2', { tabindex: '-1', text: title }), ...children);
