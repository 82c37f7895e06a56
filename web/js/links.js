// Addresses of the pages, built in one place.

const q = encodeURIComponent;

export const links = {
  console: (id) => `/facilitator.html?w=${q(id)}`,
  rerun: (id) => `/facilitator.html?rerun=${q(id)}`,
  board: (id) => `/board.html?w=${q(id)}`,
  /** The board as the console's miniature draws it: no wake lock, full screen, sounds or shortcuts. */
  boardPreview: (id) => `/board.html?w=${q(id)}&preview=1`,
  /** The report, with the facilitator token in the fragment (which never reaches the server). */
  report: (id, token) => `/report.html?w=${q(id)}#token=${q(token)}`,
  /** The console with its token in the fragment: opens it in control in any browser. */
  facilitator: (id, token, origin = location.origin) => `${origin}/facilitator.html?w=${q(id)}#token=${q(token)}`,
};
