// Facilitator notes: the plugins' guidance for what the board shows (the focused case,
// competence or dimension), in the console only.
// Read once per workshop from GET /api/workshops/{id}/notes with the facilitator token;
// the board and the phones never receive them. Nothing is shown when there is no note.

import { h, fill } from '../dom.js';
import { pick, t } from '../i18n.js';
import { api } from '../api.js';

/** One read of the notes (and, if there are any, the plugins' names) per room, kept across redraws. */
const loaded = new WeakMap();

function loadNotes(room) {
  if (!loaded.has(room)) {
    loaded.set(room, api.notes(room.id, room.token).then(async (notes) => {
      const any = ['dimensions', 'competences', 'cases'].some((kind) => Object.keys(notes?.[kind] || {}).length);
      if (!any) return { notes: {}, names: new Map() };
      const catalog = await api.plugins().catch(() => null);
      const names = new Map((catalog?.plugins || []).map((p) => [p.id, p.name]));
      return { notes, names };
    }, () => ({ notes: {}, names: new Map() })));
  }
  return loaded.get(room);
}

/**
 * What the focus names that may carry a note: {kind, id, label} or null. In the
 * introduction the board draws a case before a competence before a dimension (board/screens.js),
 * so the note follows that; on other screens (a round, results) a focused competence comes
 * first, then a dimension, then a case.
 */
function focusedItem(fw, focus) {
  if (!focus) return null;
  const competence = () => focus.competence && { kind: 'competences', id: focus.competence,
    label: t('fac.now.competence', { title: pick(fw.byId.get(focus.competence)?.title) || focus.competence }) };
  const dimension = () => focus.dimension && { kind: 'dimensions', id: focus.dimension,
    label: t('fac.now.dimension', { title: pick(fw.dimById.get(focus.dimension)?.title) || focus.dimension }) };
  const story = () => focus.caseID && { kind: 'cases', id: focus.caseID,
    label: t('fac.now.case', { title: pick(fw.cases.find((c) => c.id === focus.caseID)?.title) || focus.caseID }) };
  const order = focus.screen === 'intro' ? [story, competence, dimension] : [competence, dimension, story];
  for (const item of order) {
    const found = item();
    if (found) return found;
  }
  return null;
}

export function notesPanel(room) {
  const subject = h('p', { class: 'notes-subject', data: { notesSubject: '' } });
  const list = h('ul', { class: 'notes-list', data: { notesList: '' } });
  const el = h('section', { class: 'panel notes', 'aria-labelledby': 'notes-title', data: { notes: '' }, hidden: true },
    h('h2', { id: 'notes-title', tabindex: '-1', text: t('fac.notes.title') }),
    h('p', { class: 'help', text: t('fac.notes.help') }),
    subject, list);

  let data = null;
  let focus = null;
  let drawn = null; // what the list shows now: redrawn only when the focused item changes
  const render = () => {
    const item = data && focusedItem(room.fw, focus);
    const key = item ? `${item.kind}:${item.id}` : '';
    if (data && key === drawn) return;
    if (data) drawn = key;
    const notes = item ? data.notes[item.kind]?.[item.id] || [] : [];
    const shown = notes.filter((note) => pick(note.text));
    el.hidden = shown.length === 0;
    el.dataset.notesFor = shown.length ? key : '';
    subject.textContent = shown.length ? item.label : '';
    fill(list, shown.map((note) => h('li', { class: 'note', data: { notePlugin: note.plugin } },
      h('p', { class: 'note-plugin', text: t('fac.notes.from', { plugin: pick(data.names.get(note.plugin)) || note.plugin }) }),
      h('p', { class: 'note-text', data: { noteText: '' }, text: pick(note.text) }))));
  };
  loadNotes(room).then((result) => { data = result; render(); });
  const update = (st) => {
    focus = st.focus || null;
    render();
  };
  return { el, update };
}
