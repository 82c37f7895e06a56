// Every request to the server's HTTP API (/api/...): JSON in and out, the facilitator token
// as a bearer header, and one error type. The server answers errors as
// {"error": {"code", "message"}}; an ApiError carries the status and that code (see
// contract.js ERROR_CODES), or status 0 and no code when the network failed.

export class ApiError extends Error {
  constructor(status, code, message) {
    super(message || (status ? `HTTP ${status}` : 'network error'));
    this.status = status;
    this.code = code;
    /** The server's own sentence, if it sent one (for errorText's fallback). */
    this.text = message;
  }
}

const path = (...parts) => `/api/${parts.map((p) => encodeURIComponent(p)).join('/')}`;

async function request(url, { method = 'GET', token, body, as = 'json' } = {}) {
  const headers = {};
  if (token) headers.Authorization = `Bearer ${token}`;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  let response;
  try {
    response = await fetch(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  } catch {
    throw new ApiError(0, undefined, undefined);
  }
  if (!response.ok) {
    const failure = await response.json().catch(() => null);
    throw new ApiError(response.status, failure?.error?.code, failure?.error?.message);
  }
  if (as === 'blob') return response.blob();
  return response.json().catch(() => null);
}

export const api = {
  plugins: () => request(path('plugins')),
  preview: (ids) => request(`${path('plugins', 'preview')}?plugins=${encodeURIComponent(ids.join(','))}`),
  createWorkshop: (body) => request(path('workshops'), { method: 'POST', body }),
  /** The workshop as the token's holder may see it (no token: what anyone may read). */
  workshop: (id, token) => request(path('workshops', id), { token }),
  deleteWorkshop: (id, token) => request(path('workshops', id), { method: 'DELETE', token }),
  wheel: (id) => request(path('workshops', id, 'wheel')),
  /** The part of the wheel a phone draws (titles, the (i) texts): a fraction of the bytes. */
  phoneWheel: (id) => request(`${path('workshops', id, 'wheel')}?view=phone`),
  /** The plugins' facilitator notes per dimension, competence and case (facilitator only). */
  notes: (id, token) => request(path('workshops', id, 'notes'), { token }),
  exportJSON: (id, token) => request(path('workshops', id, 'export.json'), { token }),
  /** When the workshop will be deleted ({deleteAfter?, retentionDays, warning}). */
  retention: (id, token) => request(path('workshops', id, 'retention'), { token }),
  keepLonger: (id, token, days) => request(path('workshops', id, 'retention'), { method: 'POST', token, body: { days } }),
  /** A file (an export) as a Blob. */
  download: (url, token) => request(url, { token, as: 'blob' }),
  qrUrl: (id) => path('workshops', id, 'qr.svg'),
  /** An export's address: `file` is e.g. 'export.csv?sep=semicolon'. */
  exportUrl: (id, file) => {
    const [name, query] = file.split('?');
    return `${path('workshops', id, name)}${query ? `?${query}` : ''}`;
  },
};
