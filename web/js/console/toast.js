// The console's passing messages (one at a time; errors stay longer).

export function createToast(el) {
  let timer = null;
  return (message, kind = 'info') => {
    el.hidden = false;
    el.dataset.kind = kind;
    el.textContent = message;
    clearTimeout(timer);
    timer = setTimeout(() => { el.hidden = true; }, kind === 'error' ? 8000 : 3500);
  };
}
