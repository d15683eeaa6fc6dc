// Endpoints of every style: the overview list, the native create form and actions, and one
// endpoint's page with its 24-hour charts.
import * as api from './api.js';
import {
  badge, bodyBlock, clearMessage, field, h, messageArea, ms, pairs, percent, replace,
  showMessage, showProblem, table, time,
} from './dom.js';
import { confirmDialog, secretDialog } from './dialogs.js';
import { latencyChart, outcomeChart } from './chart.js';
import { recoverPanel } from './recover.js';

const PAGE = 50;
const MAX = 500;

/** The overview list (every style), every page of it: for the endpoint filter and URLs. */
export async function loadOverview() {
  const data = [];
  let cursor = null;
  for (let i = 0; i < 20; i++) {
    const page = await api.get(api.withQuery('/overview/endpoints', { limit: MAX, cursor }));
    data.push(...page.data);
    if (!page.nextCursor) break;
    cursor = page.nextCursor;
  }
  return { data };
}

/** One endpoint of the overview. */
async function findOverview(id) {
  const found = (await loadOverview()).data.find((e) => e.id === id);
  if (found) return found;
  throw new api.ApiError(404, { title: 'Not Found', status: 404, detail: 'endpoint ' + id + ' does not exist' });
}

export function kindLabel(kind) {
  return (
    {
      native: 'Native',
      portant: 'Portant',
      apono: 'Apono',
      truto: 'Truto',
      intuned_sink: 'Intuned sink',
      intuned_api: 'Intuned API run',
      intuned_api_run: 'Intuned API run',
    }[kind] || kind
  );
}

function stateCell(ep) {
  return h(
    'span',
    null,
    badge(ep.state, ep.state),
    ep.stateReason ? h('small', { class: 'reason', text: ep.stateReason }) : null,
  );
}

function breakerCell(ep) {
  const b = ep.breaker || {};
  const open = b.state === 'open';
  return h(
    'span',
    null,
    badge(open ? 'open' : 'closed', open ? 'breaker-open' : 'breaker-closed'),
    b.consecutiveFailures ? h('small', { class: 'reason', text: b.consecutiveFailures + ' failures in a row' }) : null,
    open && b.openUntil ? h('small', { class: 'reason' }, 'until ', time(b.openUntil)) : null,
  );
}

function lastHourCells(ep) {
  const l = ep.lastHour || {};
  return [
    h(
      'td',
      { dataset: { col: 'success' } },
      percent(l.successRate),
      l.attempts ? h('small', { class: 'reason', text: l.successes + ' of ' + l.attempts }) : null,
    ),
    h('td', { dataset: { col: 'p50' }, class: 'num', text: ms(l.p50Ms) }),
    h('td', { dataset: { col: 'p99' }, class: 'num', text: ms(l.p99Ms) }),
  ];
}

/** What an endpoint test answered, as text and tables. */
function testResult(ep, r) {
  const resp = r.response;
  return h(
    'div',
    { class: 'test-result', dataset: { testid: 'test-result', success: String(!!r.success) } },
    h(
      'p',
      null,
      h('strong', { text: r.success ? 'Test delivered' : 'Test failed' }),
      ' to ' + ep.url + ': ',
      resp ? 'HTTP ' + resp.status : 'no response',
      ' in ' + r.durationMs + ' ms',
      r.error ? '. ' + r.error : '',
    ),
    h(
      'details',
      null,
      h('summary', { text: 'Request and response' }),
      h('h4', { text: 'Request' }),
      r.request ? h('p', null, h('code', { text: r.request.method + ' ' + r.request.url })) : null,
      r.request ? pairs(r.request.headers, 'test-request-headers', 'Request headers') : null,
      r.request ? bodyBlock(r.request.body, 'test-request-body') : null,
      h('h4', { text: 'Response' }),
      resp ? pairs(resp.headers, 'test-response-headers', 'Response headers') : h('p', { text: 'No response' }),
      resp ? bodyBlock(resp.body, 'test-response-body') : null,
    ),
  );
}

/**
 * The buttons of a native endpoint: pause/resume, test, rotate, delete. `out` shows results and
 * errors; `changed` runs after a change (a refresh); `deleted` after a delete.
 */
function nativeActions(ep, out, changed, deleted) {
  const id = ep.id;
  const paused = ep.state === 'paused';
  const label = (verb) => verb + ' ' + ep.url;
  const run = async (button, fn) => {
    button.disabled = true;
    clearMessage(out);
    try {
      await fn();
    } catch (e) {
      showProblem(out, e);
    } finally {
      button.disabled = false;
    }
  };
  const toggle = h('button', {
    type: 'button',
    class: 'small',
    'aria-label': label(paused ? 'Resume' : 'Pause'),
    dataset: { action: paused ? 'resume' : 'pause', key: 'toggle:' + id },
    text: paused ? 'Resume' : 'Pause',
    on: {
      click: (e) =>
        run(e.currentTarget, async () => {
          const r = await api.post('/endpoints/' + api.seg(id) + (paused ? '/resume' : '/pause'));
          showMessage(out, (paused ? 'Resumed ' : 'Paused ') + ep.url + ': now ' + r.state + '.');
          await changed();
        }),
    },
  });
  const test = h('button', {
    type: 'button',
    class: 'small',
    'aria-label': label('Send a test to'),
    dataset: { action: 'test', key: 'test:' + id },
    text: 'Send test',
    on: {
      click: (e) =>
        run(e.currentTarget, async () => {
          const r = await api.post('/endpoints/' + api.seg(id) + '/test');
          replace(out, testResult(ep, r));
          out.hidden = false;
          out.classList.toggle('ok', !!r.success);
          out.classList.toggle('error', !r.success);
          await changed();
        }),
    },
  });
  const rotate = h('button', {
    type: 'button',
    class: 'small',
    'aria-label': label('Rotate the secret of'),
    dataset: { action: 'rotate', key: 'rotate:' + id },
    text: 'Rotate secret',
    on: {
      click: (e) =>
        run(e.currentTarget, async () => {
          const yes = await confirmDialog({
            title: 'Rotate the signing secret?',
            message:
              'A new secret will sign the deliveries to ' + ep.url +
              '. The current one keeps signing alongside it for 24 hours, then stops working.',
            confirmLabel: 'Rotate secret',
          });
          if (!yes) return;
          const r = await api.post('/endpoints/' + api.seg(id) + '/secret/rotate', {});
          await secretDialog({
            title: 'New signing secret',
            message: 'The new secret of ' + ep.url + ' is shown this once. Give it to the receiver.',
            label: 'Signing secret',
            value: r.secret,
          });
          showMessage(out, 'Rotated the secret of ' + ep.url + '.');
        }),
    },
  });
  const remove = h('button', {
    type: 'button',
    class: 'small danger',
    'aria-label': label('Delete'),
    dataset: { action: 'delete', key: 'delete:' + id },
    text: 'Delete',
    on: {
      click: (e) =>
        run(e.currentTarget, async () => {
          const yes = await confirmDialog({
            title: 'Delete this endpoint?',
            message:
              'Delete ' + ep.url + '? It gets no more events and its pending deliveries are cancelled. This cannot be undone.',
            confirmLabel: 'Delete endpoint',
          });
          if (!yes) return;
          await api.del('/endpoints/' + api.seg(id));
          showMessage(out, 'Deleted ' + ep.url + '.');
          await deleted();
        }),
    },
  });
  return [toggle, test, rotate, remove];
}

function splitList(text) {
  return text.split(/[\s,]+/).map((t) => t.trim()).filter(Boolean);
}

/** The create form's retry field: '' (standard), 'none', or seconds. Throws a problem if invalid. */
function retryPolicy(text) {
  const t = text.trim();
  if (!t) return undefined;
  if (t.toLowerCase() === 'none') return { delays: [] };
  const delays = splitList(t).map(Number);
  if (delays.some((d) => !Number.isInteger(d) || d < 1)) {
    throw new api.ApiError(400, {
      title: 'Invalid retry delays',
      detail: 'Give whole numbers of seconds (at least 1) separated by commas, or "none".',
      errors: [{ field: 'retryPolicy', message: 'must be whole seconds, at least 1, or none' }],
    });
  }
  return { delays };
}

function createForm(ctx, out, created) {
  const url = h('input', { id: 'endpoint-url', name: 'url', type: 'url', required: true, placeholder: 'https://example.com/webhooks', autocomplete: 'off', spellcheck: 'false' });
  const types = h('input', { id: 'endpoint-event-types', name: 'eventTypes', type: 'text', placeholder: 'invoice.paid, invoice.created', autocomplete: 'off' });
  const description = h('input', { id: 'endpoint-description', name: 'description', type: 'text', maxlength: '1000', autocomplete: 'off' });
  const retry = h('input', { id: 'endpoint-retry', name: 'retry', type: 'text', placeholder: 'standard schedule', autocomplete: 'off' });
  const error = messageArea('endpoint-create-error');
  const submit = h('button', { type: 'submit', id: 'endpoint-create-submit', text: 'Create endpoint' });
  const form = h(
    'form',
    {
      id: 'endpoint-create-form',
      class: 'card form-grid',
      'aria-labelledby': 'endpoint-create-heading',
      on: {
        submit: async (e) => {
          e.preventDefault();
          clearMessage(error);
          submit.disabled = true;
          try {
            const body = { url: url.value.trim() };
            const t = splitList(types.value);
            if (t.length) body.eventTypes = t;
            if (description.value.trim()) body.description = description.value.trim();
            const policy = retryPolicy(retry.value);
            if (policy) body.retryPolicy = policy;
            const ep = await api.post('/endpoints', body);
            form.reset();
            await created(ep);
            await secretDialog({
              title: 'Endpoint created',
              message: 'The signing secret of ' + ep.url + ' is shown this once. Give it to the receiver to check signatures.',
              label: 'Signing secret',
              value: ep.secret,
            });
            url.focus();
          } catch (x) {
            showProblem(error, x);
          } finally {
            submit.disabled = false;
          }
        },
      },
    },
    h('h3', { id: 'endpoint-create-heading', text: 'New native endpoint' }),
    field('URL', url, 'https, or http to 127.0.0.1 where the server allows loopback targets.'),
    field('Event types', types, 'Separated by commas. Empty: every event type.'),
    field('Description', description),
    field('Retry delays (seconds)', retry, 'Seconds before each retry, e.g. 5, 300, 1800. Empty: the standard schedule; "none": no retries.'),
    h('div', { class: 'form-actions' }, submit),
    error,
  );
  return form;
}

export function endpointsPage(view, route, ctx) {
  const pages = api.pager('/overview/endpoints', {}, PAGE);
  let last = null;
  const out = h('div', { id: 'endpoint-action-result', class: 'message', role: 'status', hidden: true, dataset: { testid: 'endpoint-action-result' } });
  const listError = messageArea('endpoints-error');
  const list = h('div', { id: 'endpoints-list', 'aria-live': 'off' });
  const more = h('div', { class: 'more' });

  const refresh = async () => {
    let page;
    try {
      page = await pages.load();
      clearMessage(listError);
    } catch (e) {
      showProblem(listError, e);
      return;
    }
    const json = JSON.stringify(page);
    if (json === last) return;
    last = json;
    render(page);
  };

  const render = (page) => {
    const rows = page.data.map((ep) =>
      h(
        'tr',
        { dataset: { testid: 'endpoint-row', id: ep.id, kind: ep.kind, state: ep.state } },
        h('td', { dataset: { col: 'kind' } }, badge(kindLabel(ep.kind), 'kind')),
        h(
          'td',
          { dataset: { col: 'url' }, class: 'url' },
          h('a', { href: '#/endpoints/' + api.seg(ep.id), dataset: { key: 'open:' + ep.id }, text: ep.url || '(no URL)' }),
          ep.description ? h('small', { class: 'reason', text: ep.description }) : null,
        ),
        h('td', { dataset: { col: 'state' } }, stateCell(ep)),
        h('td', { dataset: { col: 'breaker' } }, breakerCell(ep)),
        lastHourCells(ep),
        h(
          'td',
          { dataset: { col: 'actions' }, class: 'actions' },
          h('a', { class: 'button small', href: '#/endpoints/' + api.seg(ep.id), dataset: { action: 'chart', key: 'chart:' + ep.id }, 'aria-label': 'Chart of ' + ep.url, text: 'Chart' }),
          h('a', { class: 'button small', href: '#/deliveries?endpointId=' + encodeURIComponent(ep.id), dataset: { action: 'deliveries', key: 'deliveries:' + ep.id }, 'aria-label': 'Deliveries of ' + ep.url, text: 'Deliveries' }),
          ep.kind === 'native' ? nativeActions(ep, out, refresh, refresh) : h('span', { class: 'muted', text: 'read-only' }),
        ),
      ),
    );
    replace(
      list,
      rows.length
        ? table(
            { id: 'endpoints-table', class: 'data' },
            ['Kind', 'URL', 'State', 'Breaker', 'Success (1 h)', 'p50 (1 h)', 'p99 (1 h)', 'Actions'],
            rows,
            'Endpoints of every style, with the last hour\'s outcomes',
          )
        : h('p', { id: 'endpoints-empty', class: 'muted', text: 'No endpoints yet.' }),
    );
    replace(
      more,
      page.nextCursor
        ? h('button', {
            type: 'button',
            id: 'endpoints-more',
            class: 'secondary',
            dataset: { key: 'more' },
            text: 'Show more',
            on: {
              click: () => {
                pages.more();
                refresh();
              },
            },
          })
        : null,
    );
  };

  view.append(
    h('h2', { id: 'page-title', text: 'Endpoints' }),
    h('p', { class: 'lead', text: 'Every subscription of every API style, with the last hour\'s success rate and latency. Only native endpoints can be changed here.' }),
    out,
    listError,
    list,
    more,
    createForm(ctx, out, async (ep) => {
      showMessage(out, 'Created ' + ep.url + '.');
      await refresh();
    }),
  );
  refresh();
  return { title: 'Endpoints', refresh };
}

function dl(pairsList) {
  return h(
    'dl',
    { class: 'facts' },
    pairsList.filter(Boolean).map(([k, v, testid]) => [
      h('dt', { text: k }),
      h('dd', { dataset: testid ? { testid } : undefined }, v),
    ]),
  );
}

export function endpointPage(view, route, ctx) {
  const id = route.parts[1];
  let last = null;
  let ticks = 0;
  const title = h('h2', { id: 'page-title', class: 'title-url', text: 'Endpoint ' + id });
  const out = h('div', { id: 'endpoint-action-result', class: 'message', role: 'status', hidden: true, dataset: { testid: 'endpoint-action-result' } });
  const error = messageArea('endpoint-error');
  const info = h('div', { id: 'endpoint-info' });
  const actions = h('div', { id: 'endpoint-actions', class: 'actions' });
  const charts = h('div', { id: 'endpoint-charts', class: 'charts' });
  const chartError = messageArea('chart-error');
  const recoverSlot = h('div');
  let lastSeries = null;
  let recoverShown = false;

  const loadSeries = async () => {
    try {
      const series = await api.get('/overview/endpoints/' + api.seg(id) + '/series?hours=24');
      clearMessage(chartError);
      const json = JSON.stringify(series.minutes);
      if (json === lastSeries) return;
      lastSeries = json;
      replace(charts, outcomeChart(series), latencyChart(series));
    } catch (e) {
      showProblem(chartError, e);
    }
  };

  const refresh = async () => {
    let ep;
    let config = null;
    try {
      ep = await findOverview(id);
      if (ep.kind === 'native') config = await api.get('/endpoints/' + api.seg(id));
      clearMessage(error);
    } catch (e) {
      showProblem(error, e);
      return;
    }
    if (ticks++ % 6 === 0) await loadSeries(); // the chart every 30 s, the rest every poll
    const json = JSON.stringify([ep, config]);
    if (json === last) return;
    last = json;
    title.textContent = ep.url || 'Endpoint ' + id;
    const l = ep.lastHour || {};
    replace(
      info,
      dl([
        ['Id', h('code', { text: ep.id })],
        ['Kind', kindLabel(ep.kind), 'endpoint-kind'],
        ['State', stateCell(ep), 'endpoint-state'],
        ['Breaker', breakerCell(ep), 'endpoint-breaker'],
        ['Last hour', (l.attempts || 0) + ' attempts, ' + (l.successes || 0) + ' succeeded, ' + (l.failures || 0) + ' failed; success ' + percent(l.successRate) + ', p50 ' + ms(l.p50Ms) + ', p99 ' + ms(l.p99Ms), 'endpoint-last-hour'],
        ep.description ? ['Description', ep.description] : null,
        config ? ['Event types', config.eventTypes && config.eventTypes.length ? config.eventTypes.join(', ') : 'every type'] : null,
        config ? ['Timeout', config.timeoutSeconds + ' s'] : null,
        config ? ['Retry policy', h('code', { text: JSON.stringify(config.retryPolicy) })] : null,
        config ? ['Ordering', config.ordering] : null,
        config && config.headers && Object.keys(config.headers).length ? ['Headers', pairs(config.headers, 'endpoint-headers', 'Extra request headers')] : null,
        config ? ['Created', time(config.createdAt)] : null,
      ]),
    );
    replace(
      actions,
      h('a', { class: 'button small', href: '#/deliveries?endpointId=' + encodeURIComponent(id), text: 'Deliveries' }),
      ep.kind === 'native'
        ? nativeActions(ep, out, refresh, async () => ctx.navigate('#/endpoints'))
        : h('span', { class: 'muted', text: 'Endpoints of this kind are read-only here: change them through their own API.' }),
    );
    if (ep.kind === 'native' && !recoverShown) {
      recoverShown = true;
      replace(recoverSlot, recoverPanel(id, ep.url, ctx, null, refresh));
    }
  };

  view.append(
    h('p', { class: 'crumbs' }, h('a', { href: '#/endpoints', text: 'Endpoints' })),
    title,
    error,
    out,
    info,
    actions,
    h(
      'section',
      { id: 'chart-section', 'aria-labelledby': 'chart-heading' },
      h('h3', { id: 'chart-heading', text: 'Last 24 hours' }),
      chartError,
      charts,
    ),
    recoverSlot,
  );
  refresh();
  return { title: 'Endpoint', refresh };
}
