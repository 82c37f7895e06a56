// Composition root of the facilitator console (facilitator.html): "My workshops" and the
// create form (console/mine.js, console/create.js), a typed token (console/token-form.js),
// and a workshop's console (console/room.js).

import { $, param } from './dom.js';
import { initI18n, t, wireLangToggle } from './i18n.js';
import { knownWorkshops } from './known-workshops.js';
import { links } from './links.js';
import { createToast } from './console/toast.js';
import { createForm } from './console/create.js';
import { mineList } from './console/mine.js';
import { tokenForm } from './console/token-form.js';
import { openRoom } from './console/room.js';

const views = { create: $('[data-view="create"]'), token: $('[data-view="token"]'), console: $('[data-view="console"]') };
const show = (name) => { for (const [key, el] of Object.entries(views)) el.hidden = key !== name; };
const toast = createToast($('[data-toast]'));

let tokens = null;
const askToken = (id) => {
  show('token');
  tokens ??= tokenForm((token) => open(id, token));
  return tokens;
};

async function open(id, token, { replace = false } = {}) {
  if (replace) history.replaceState(null, '', links.console(id));
  const refused = () => { knownWorkshops.forget(id); askToken(id).refused(); };
  const outcome = await openRoom(views.console, { id, token, chip: $('[data-conn-chip]'), toast, refused });
  if (outcome === 'open') show('console');
  else if (outcome === 'refused') refused();
  else if (outcome === 'missing') { show('create'); toast(t('error.not_found'), 'error'); showCreate(); }
  else toast(t('error.generic'), 'error');
}

async function showCreate() {
  show('create');
  const mine = mineList({ opened: open, toast });
  if (!await createForm(views.create, { opened: open, redrawn: mine.render })) return;
  const rerun = param('rerun');
  // The focus stays where a fresh page has it (the first Tab is the skip link); a re-run's
  // form, asked for from another page, is brought into view.
  mine.load({ rerun }).then(() => { if (rerun) $(`[data-rerun-title="${CSS.escape(rerun)}"]`)?.scrollIntoView({ block: 'center' }); });
}

await initI18n();
wireLangToggle($('[data-lang-toggle]'));
const id = param('w');
// A facilitator link (…?w=ID#token=…) opens the console in control in any browser: the
// token is taken from the fragment, kept by openRoom once the server accepts it, and
// removed from the address bar at once (so it is not left in view or in the history).
const linked = new URLSearchParams(location.hash.slice(1)).get('token');
if (id && linked) history.replaceState(null, '', links.console(id));
if (id && linked) open(id, linked);
else if (id && knownWorkshops.tokenFor(id)) open(id, knownWorkshops.tokenFor(id));
else if (id) askToken(id);
else showCreate();
