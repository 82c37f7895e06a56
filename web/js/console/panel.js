// A console panel: a titled section of the console grid.

import { h } from '../dom.js';

export const panel = (title, ...children) => h('section', { class: 'panel' }, h('h2', { text: title }), ...children);
