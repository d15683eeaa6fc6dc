// The console: sign-in, hash routing and polling. Pages are modules that render into #view.
import * as api from './api.js';
import { clearMessage, showMessage, showProblem } from './dom.js';
import { endpointsPage, endpointPage } from './endpoints.js';
import { deliveriesPage, deliveryPage } from './deliveries.js';
import { eventsPage } from './events.js';
import { tenantsPage, tenantKeysPage } from './tenants.js';

const POLL_MS = 5000;

const el = (id) => document.getElementById(id);
const view = el('view');
const nav = el('nav');
const session = el('session');
const signin = el('signin');
const flash = el('flash');

let me = null; // {tenantId, tenantName, bootstrap} while signed in
let current = null; // the mounted page: {path, refresh?, update?}
let timer = null;
let polls = 0;

/** The parsed hash: #/deliveries/abc?status=failed -> {parts: ['deliveries','abc'], params}. */
function parseHash() {
  const raw = location.hash.startsWith('#/') ? location.hash.slice(2) : '';
  const q = raw.indexOf('?');
  const path = q < 0 ? raw : raw.slice(0, q);
  const params = new URLSearchParams(q < 0 ? '' : raw.slice(q + 1));
  const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
  return { path, parts, params };
}

const ctx = {
  get me() {
    return me;
  },
  navigate(hash) {
    if (location.hash === hash) route();
    else location.hash = hash;
  },
  flash(text, ok = true) {
    showMessage(flash, text, ok);
  },
  flashProblem(err) {
    showProblem(flash, err);
  },
  clearFlash() {
    clearMessage(flash);
  },
};

function pageFor(r) {
  const [first, second] = r.parts;
  switch (first) {
    case 'endpoints':
      return second ? endpointPage : endpointsPage;
    case 'deliveries':
      return second ? deliveryPage : deliveriesPage;
    case 'events':
      return eventsPage;
    case 'tenants':
      return second ? tenantKeysPage : tenantsPage;
    default:
      return null;
  }
}

function markNav(first) {
  for (const a of nav.querySelectorAll('a[data-page]')) {
    if (a.dataset.page === first) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
}

async function route() {
  if (!me) {
    showSignIn();
    return;
  }
  const r = parseHash();
  const page = pageFor(r);
  if (!page) {
    location.replace('#/endpoints');
    return;
  }
  markNav(r.parts[0]);
  const path = r.parts.join('/');
  if (current && current.path === path && current.page === page && current.update) {
    // the same page with other filters: it keeps its form (and the focus)
    current.update(r);
    restartPolling();
    return;
  }
  stopPolling();
  clearMessage(flash);
  view.replaceChildren();
  const mounted = page(view, r, ctx) || {};
  current = Object.assign(mounted, { path, page });
  document.title = (mounted.title ? mounted.title + ' · ' : '') + 'Webhooks console';
  restartPolling();
}

// Polling: the visible page refreshes itself every few seconds, only while the tab is visible
// and someone is signed in.
function stopPolling() {
  clearTimeout(timer);
  timer = null;
}

function restartPolling() {
  stopPolling();
  if (me && current && current.refresh && document.visibilityState === 'visible') {
    timer = setTimeout(tick, POLL_MS);
  }
}

async function tick() {
  timer = null;
  const page = current;
  if (!me || !page || !page.refresh || document.visibilityState !== 'visible') return;
  polls += 1;
  document.body.dataset.polls = String(polls);
  try {
    await page.refresh();
  } catch {
    // each page shows its own errors
  }
  if (page === current && timer === null) restartPolling();
}

document.addEventListener('visibilitychange', () => {
  if (document.visibilityState === 'visible') {
    if (me && current && current.refresh) tick();
  } else {
    stopPolling();
  }
});

function showSignIn(message) {
  stopPolling();
  current = null;
  view.replaceChildren();
  nav.hidden = true;
  session.hidden = true;
  signin.hidden = false;
  clearMessage(flash);
  const err = el('signin-error');
  if (message) showMessage(err, message, false);
  document.title = 'Sign in · Webhooks console';
  el('signin-key').focus();
}

function showApp() {
  signin.hidden = true;
  clearMessage(el('signin-error'));
  nav.hidden = false;
  session.hidden = false;
  el('whoami').textContent = me.tenantName + (me.bootstrap ? ' (bootstrap key)' : '');
  el('nav-tenants-item').hidden = !me.bootstrap;
}

function signOut(message) {
  api.forgetKey();
  me = null;
  el('whoami').textContent = '';
  showSignIn(message);
}

api.setUnauthorizedHandler(() => {
  if (me || api.storedKey()) signOut('The API key was refused. Sign in again.');
});

el('signin-form').addEventListener('submit', async (e) => {
  e.preventDefault();
  const input = el('signin-key');
  const button = el('signin-submit');
  const err = el('signin-error');
  const key = input.value.trim();
  if (!key) {
    showMessage(err, 'Enter an API key.', false);
    input.focus();
    return;
  }
  button.disabled = true;
  try {
    const who = await api.call('GET', '/me', undefined, key);
    api.storeKey(key);
    input.value = '';
    me = who;
    showApp();
    if (location.hash.startsWith('#/')) await route();
    else location.replace('#/endpoints'); // the hashchange routes
    el('main').focus();
  } catch (x) {
    if (x.status === 401) showMessage(err, 'This API key is not valid.', false);
    else showProblem(err, x);
    input.focus();
  } finally {
    button.disabled = false;
  }
});

el('signout').addEventListener('click', () => signOut());

el('skip-link').addEventListener('click', (e) => {
  e.preventDefault();
  el('main').focus();
});

window.addEventListener('hashchange', route);

async function start() {
  if (!api.storedKey()) {
    showSignIn();
    return;
  }
  try {
    me = await api.get('/me');
    showApp();
    await route();
  } catch (x) {
    if (x.status === 401) return; // signed out by the handler
    showSignIn();
    showProblem(el('signin-error'), x);
  }
}

start();
