// The console's passing messages (one at a time; errors stay longer). The element is a
// live region that stays in the page (never `hidden`), so a screen reader announces each
// message; it is empty, and shows nothing, between messages.

export function createToast(el) {
  let timer = null;
  el.hidden = false;
  return (message, kind = 'info') => {
    el.dataset.kind = kind;
    el.textContent = message;
    clearTimeout(timer);
    timer = setTimeout(() => { el.textContent = ''; }, kind === 'error' ? 8000 : 3500);
  };
}

/** Says `message` to a screen reader only (a command that was carried out, say). */
export function announce(message) {
  let region = document.querySelector('[data-announce]');
  if (!region) {
    region = document.createElement('p');
    region.className = 'sr-only';
    region.dataset.announce = '';
    region.setAttribute('aria-live', 'polite');
    document.body.append(region);
  }
  region.textContent = message;
}
