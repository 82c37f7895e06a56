// The console's head: the workshop, its join code and link, the board's link, and where
// the facilitator key is kept (with the facilitator link shown again on request).

import { h } from '../dom.js';
import { t } from '../i18n.js';
import { links } from '../links.js';

export function consoleHead(room) {
  const { workshop, joinUrl } = room.snapshot;
  return h('header', { class: 'console-head' },
    h('div', { class: 'console-title' },
      h('p', { class: 'eyebrow', text: t('fac.workshop') }),
      h('h1', { data: { workshopTitle: '' }, text: workshop.title }),
      workshop.rerunOf ? h('p', { class: 'help', data: { rerunOf: workshop.rerunOf },
        text: t('fac.rerunOf', { title: room.earlierTitle || workshop.rerunOf }) }) : null),
    h('div', { class: 'console-code' },
      h('p', { class: 'eyebrow', text: t('fac.joinCode') }),
      h('p', { class: 'code', data: { joinCode: '' }, text: workshop.joinCode }),
      h('p', { class: 'help url', data: { joinUrl: '' }, text: joinUrl })),
    h('div', { class: 'console-actions' },
      h('a', { class: 'btn btn-primary', href: links.board(room.id), target: 'wheelhouse-board', rel: 'noopener', data: { openBoard: '' }, text: t('fac.openBoard') }),
      h('p', { class: 'help', text: t('fac.openBoardHelp') }),
      h('p', { class: 'help', data: { keyKept: '' }, text: t('fac.keyKept') }),
      h('button', { type: 'button', class: 'btn btn-small', data: { showLink: '' }, text: t('fac.link.show'),
        on: { click: (e) => room.link.show(e.currentTarget) } })));
}
