// The report's facilitator token: from the URL fragment (`#token=…`: a link from the
// console, or a headless print; a fragment never reaches the server), then this tab, then the
// console's store. A token from the fragment is taken out of the address at once, so it is
// neither printed in a page header nor kept in the history.

import { knownWorkshops } from '../known-workshops.js';

const SESSION_KEY = (id) => `wheelhouse.report.${id}`;

/** The token for this workshop: the fragment first, then this tab, then the console's store. */
export function takeToken(workshopId) {
  const fragment = new URLSearchParams(location.hash.replace(/^#/, ''));
  const fromUrl = fragment.get('token');
  if (fromUrl) {
    try { sessionStorage.setItem(SESSION_KEY(workshopId), fromUrl); } catch { /* private mode */ }
    history.replaceState(null, '', `${location.pathname}${location.search}`);
    return fromUrl;
  }
  let fromTab = null;
  try { fromTab = sessionStorage.getItem(SESSION_KEY(workshopId)); } catch { /* private mode */ }
  return fromTab || knownWorkshops.tokenFor(workshopId);
}
