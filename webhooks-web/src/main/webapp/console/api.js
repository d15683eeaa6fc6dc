// The API client. The key lives in sessionStorage only and travels only in the
// Authorization header; it is never put in a URL and never logged.

const KEY = 'webhooks-console.apiKey';

export function storedKey() {
  return sessionStorage.getItem(KEY);
}

export function storeKey(key) {
  sessionStorage.setItem(KEY, key);
}

export function forgetKey() {
  sessionStorage.removeItem(KEY);
}

/** An answer that was not 2xx, with its problem+json body (or one made up for it). */
export class ApiError extends Error {
  constructor(status, problem) {
    super((problem && (problem.detail || problem.title)) || 'HTTP ' + status);
    this.status = status;
    this.problem = problem;
  }
}

let onUnauthorized = () => {};

/** What to do when the key is refused (401): the app signs out. */
export function setUnauthorizedHandler(fn) {
  onUnauthorized = fn;
}

/** A path with query parameters; empty values are left out. */
export function withQuery(path, params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params || {})) {
    if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
  }
  const s = q.toString();
  return s ? path + '?' + s : path;
}

/**
 * Calls the API. Answers the parsed JSON (null for 204); throws ApiError otherwise.
 * key: use this key instead of the stored one (sign-in checks a key before storing it).
 */
export async function call(method, path, body, key) {
  const k = key || storedKey();
  const headers = { Accept: 'application/json, application/problem+json' };
  if (k) headers.Authorization = 'Bearer ' + k;
  const init = { method, headers, cache: 'no-store', credentials: 'omit', redirect: 'error' };
  if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  let res;
  try {
    res = await fetch('../api' + path, init);
  } catch (e) {
    throw new ApiError(0, { title: 'The server cannot be reached', detail: e && e.message ? e.message : String(e) });
  }
  if (res.status === 204) return null;
  const text = await res.text();
  let json = null;
  if (text) {
    try {
      json = JSON.parse(text);
    } catch {
      json = null;
    }
  }
  if (!res.ok) {
    const problem =
      json && typeof json === 'object' && !Array.isArray(json)
        ? json
        : { title: res.statusText || 'Error', status: res.status, detail: text ? text.slice(0, 500) : '' };
    if (!problem.status) problem.status = res.status;
    const err = new ApiError(res.status, problem);
    if (res.status === 401 && !key) onUnauthorized(err);
    throw err;
  }
  return json;
}

export const get = (path) => call('GET', path);
export const post = (path, body) => call('POST', path, body);
export const del = (path) => call('DELETE', path);

/** Path segment, escaped. */
export const seg = (s) => encodeURIComponent(s);

/**
 * The pages of a list loaded so far (the API pages forward with a cursor). load() fetches them
 * all again (a poll); more() adds the next page. Answers {data, nextCursor} of them together.
 */
export function pager(path, params, size = 50) {
  let cursors = [null];
  let nextCursor = null;
  return {
    async load() {
      const data = [];
      for (let i = 0; i < cursors.length; i++) {
        const page = await get(withQuery(path, Object.assign({}, params, { limit: size, cursor: cursors[i] })));
        data.push(...page.data);
        nextCursor = page.nextCursor;
        if (i + 1 < cursors.length) {
          if (!nextCursor) {
            cursors = cursors.slice(0, i + 1);
            break;
          }
          cursors[i + 1] = nextCursor;
        }
      }
      return { data, nextCursor };
    },
    more() {
      if (nextCursor) cursors.push(nextCursor);
    },
    get pages() {
      return cursors.length;
    },
  };
}
