// The admin service's API as the page uses it: JSON in and out, the session in an HttpOnly
// cookie, and the session's CSRF token on every request that changes something.
let csrf = '';

export function setCsrf(token) {
  csrf = token || '';
}

// An answer other than 2xx, in the service's one error shape.
export class ApiError extends Error {
  constructor(status, message, pointer, body, retryAfter) {
    super(message);
    this.status = status;
    this.pointer = pointer || '';
    this.body = body;
    this.retryAfter = retryAfter;
  }
}

export async function api(method, path, body) {
  const headers = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (method !== 'GET' && method !== 'HEAD' && csrf) headers['X-CSRF-Token'] = csrf;
  let res;
  try {
    res = await fetch('/api/v1' + path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: 'same-origin',
      cache: 'no-store',
    });
  } catch (e) {
    throw new ApiError(0, String(e.message || e), '', null);
  }
  if (res.status === 204) return null;
  let data = null;
  try {
    data = await res.json();
  } catch {
    data = null;
  }
  if (!res.ok) {
    const err = (data && data.error) || {};
    throw new ApiError(res.status, err.message || res.statusText, err.pointer, data,
                       Number(res.headers.get('Retry-After')) || 0);
  }
  return data;
}

export const get = (path) => api('GET', path);
export const post = (path, body) => api('POST', path, body);
export const put = (path, body) => api('PUT', path, body);
export const del = (path) => api('DELETE', path);

// "?a=1&b=2" from an object, leaving out empty values.
export function query(params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v !== undefined && v !== null && v !== '') q.set(k, v);
  }
  const text = q.toString();
  return text ? '?' + text : '';
}
