// The lobby: the join code, QR code and link, and who has joined; and the small join box
// that other screens carry.

import { fill, h } from '../dom.js';
import { t } from '../i18n.js';

export function lobbyScreen(ctx) {
  const { snapshot } = ctx;
  const people = h('ul', { class: 'people', data: { people: '' } });
  const count = h('p', { class: 'lobby-count' });
  const el = h('section', { class: 'lobby', data: { screen: 'lobby' } },
    h('div', { class: 'lobby-join' },
      h('h2', { class: 'lobby-title', text: t('board.joinTitle') }),
      h('ol', { class: 'lobby-steps' },
        h('li', { text: t('board.stepScan') }),
        h('li', {}, t('board.stepOpen'), ' ', h('strong', { class: 'join-url', data: { joinUrl: '' }, text: ctx.joinUrl }))),
      h('p', { class: 'code-label', text: t('board.codeLabel') }),
      h('p', { class: 'join-code', data: { joinCode: '' }, text: snapshot.workshop.joinCode, 'aria-label': snapshot.workshop.joinCode.split('').join(' ') }),
      h('p', { class: 'join-url-full', data: { joinUrlFull: '' }, text: snapshot.joinUrl }),
      count, people),
    h('figure', { class: 'lobby-qr' },
      h('img', { src: ctx.qrUrl, alt: t('board.qrAlt'), data: { qr: '' }, width: 560, height: 560 }),
      h('figcaption', { text: t('board.qrCaption') })));
  return { el, update: () => {
    const st = ctx.state();
    count.textContent = t('board.joined', { n: st.participants ?? 0 });
    renderPeople(people, st.people || []);
  } };
}

function renderPeople(list, people) {
  // Rebuild only when someone joined or renamed: chips animate in, and must not blink on every vote.
  const signature = JSON.stringify(people);
  if (list.signature === signature) return;
  list.signature = signature;
  const named = people.filter((p) => p.name);
  const anonymous = people.length - named.length;
  const shown = named.slice(-48);
  fill(list,
    shown.map((p) => h('li', { class: p.proxy ? 'person proxy' : 'person', data: { person: p.id } }, p.name)),
    named.length > shown.length ? h('li', { class: 'person more', text: t('board.morePeople', { n: named.length - shown.length }) }) : null,
    anonymous ? h('li', { class: 'person anon', text: t('board.anonymous', { n: anonymous }) }) : null);
}

export function joinBox(ctx) {
  return h('div', { class: 'join-box' },
    h('img', { src: ctx.qrUrl, alt: t('board.qrAlt'), width: 150, height: 150 }),
    h('div', {},
      h('p', { class: 'join-box-label', text: t('board.joinAt') }),
      h('p', { class: 'join-box-url', text: ctx.joinUrl }),
      h('p', { class: 'join-box-code', text: ctx.snapshot.workshop.joinCode })));
}
