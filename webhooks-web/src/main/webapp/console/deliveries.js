// Deliveries: the filtered list, one delivery with every attempt, resend and recover.
import * as api from './api.js';
import {
  badge, bodyBlock, clearMessage, field, fromLocalInput, h, isoToLocalInput, messageArea, pairs,
  replace, showMessage, showProblem, table, time,
} from './dom.js';
import { kindLabel, loadOverview } from './endpoints.js';
import { recoverPanel } from './recover.js';

const PAGE = 50;
export const STATUSES = ['pending', 'queued', 'in_flight', 'held', 'waiting_for_turn', 'succeeded', 'failed', 'cancelled'];
const FINAL = new Set(['succeeded', 'failed', 'cancelled']);
const FILTERS = ['endpointId', 'status', 'eventType', 'since', 'until'];

function short(id) {
  return id && id.length > 12 ? id.slice(0, 8) + '…' : id;
}

/** Resends a delivery; answers the new one. */
async function resend(id) {
  return api.post('/deliveries/' + api.seg(id) + '/resend');
}

/** A resend button whose outcome goes to `out` (with a link to the new delivery). */
function resendButton(d, out, after, extra = {}) {
  return h('button', {
    type: 'button',
    class: 'small',
    id: extra.id,
    'aria-label': 'Resend delivery ' + d.id,
    dataset: { action: 'resend', key: 'resend:' + d.id },
    text: 'Resend',
    on: {
      click: async (e) => {
        const b = e.currentTarget;
        b.disabled = true;
        clearMessage(out);
        try {
          const again = await resend(d.id);
          replace(
            out,
            h('span', { text: 'Resent as a new delivery: ' }),
            h('a', { href: '#/deliveries/' + api.seg(again.id), dataset: { testid: 'resent-link', id: again.id }, text: again.id }),
            h('span', { text: ' (' + again.status + ').' }),
          );
          out.hidden = false;
          out.classList.add('ok');
          out.classList.remove('error');
          if (after) await after(again);
        } catch (x) {
          showProblem(out, x);
        } finally {
          b.disabled = false;
        }
      },
    },
  });
}

/**
 * Table rows of deliveries (list answers: without attempts). endpoints: id -> overview entry,
 * for URLs. out: where resend results go.
 */
export function deliveryTable(list, endpoints, out, after, tableId) {
  const rows = list.map((d) => {
    const ep = endpoints && endpoints.get(d.endpointId);
    return h(
      'tr',
      { dataset: { testid: 'delivery-row', id: d.id, status: d.status, eventId: d.eventId, endpointId: d.endpointId } },
      h('td', { dataset: { col: 'created' } }, time(d.createdAt)),
      h('td', { dataset: { col: 'event-type' } }, h('code', { text: d.eventType })),
      h('td', { dataset: { col: 'event' } }, h('a', { href: '#/events?id=' + encodeURIComponent(d.eventId), title: d.eventId, 'aria-label': 'Event ' + d.eventId, text: short(d.eventId) })),
      h(
        'td',
        { dataset: { col: 'endpoint' }, class: 'url' },
        h('a', { href: '#/endpoints/' + api.seg(d.endpointId), title: d.endpointId, text: ep ? ep.url : short(d.endpointId) }),
        ep && ep.kind !== 'native' ? h('small', { class: 'reason', text: kindLabel(ep.kind) }) : null,
      ),
      h('td', { dataset: { col: 'status' } }, badge(d.status, d.status)),
      h('td', { dataset: { col: 'attempts' }, class: 'num', text: String(d.attemptCount) }),
      h('td', { dataset: { col: 'last-code' }, class: 'num', text: d.lastStatusCode == null ? '—' : String(d.lastStatusCode) }),
      h(
        'td',
        { dataset: { col: 'detail' } },
        d.lastError ? h('span', { class: 'error-text', text: d.lastError }) : null,
        d.nextAttemptAt && !FINAL.has(d.status) ? h('small', { class: 'reason' }, 'next attempt ', time(d.nextAttemptAt)) : null,
        d.waitingFor ? h('small', { class: 'reason' }, 'waits for ', h('a', { href: '#/deliveries/' + api.seg(d.waitingFor), text: short(d.waitingFor) })) : null,
      ),
      h(
        'td',
        { class: 'actions', dataset: { col: 'actions' } },
        h('a', { class: 'button small', href: '#/deliveries/' + api.seg(d.id), 'aria-label': 'Open delivery ' + d.id, dataset: { action: 'open', key: 'open:' + d.id }, text: 'Attempts' }),
        resendButton(d, out, after),
      ),
    );
  });
  return table(
    { id: tableId, class: 'data' },
    ['Created', 'Event type', 'Event', 'Endpoint', 'Status', 'Attempts', 'Last HTTP status', 'Details', 'Actions'],
    rows,
    'Deliveries',
  );
}

function filterForm(ctx) {
  const endpoint = h('select', { id: 'filter-endpoint', name: 'endpointId' }, h('option', { value: '', text: 'Any endpoint' }));
  const status = h(
    'select',
    { id: 'filter-status', name: 'status' },
    h('option', { value: '', text: 'Any status' }),
    STATUSES.map((s) => h('option', { value: s, text: s.replace(/_/g, ' ') })),
  );
  const eventType = h('input', { id: 'filter-event-type', name: 'eventType', type: 'text', autocomplete: 'off', placeholder: 'invoice.paid' });
  const since = h('input', { id: 'filter-since', name: 'since', type: 'datetime-local' });
  const until = h('input', { id: 'filter-until', name: 'until', type: 'datetime-local' });
  const error = messageArea('filter-error');
  const form = h(
    'form',
    {
      id: 'deliveries-filter',
      class: 'card filters',
      role: 'search',
      'aria-label': 'Filter deliveries',
      on: {
        submit: (e) => {
          e.preventDefault();
          clearMessage(error);
          const s = fromLocalInput(since.value);
          const u = fromLocalInput(until.value);
          if (s === null || u === null) {
            showProblem(error, { problem: { title: 'Invalid time', detail: 'Give a date and a time.' } });
            return;
          }
          ctx.navigate(
            '#/deliveries' +
              api.withQuery('', {
                endpointId: endpoint.value,
                status: status.value,
                eventType: eventType.value.trim(),
                since: s,
                until: u,
              }),
          );
        },
      },
    },
    field('Endpoint', endpoint),
    field('Status', status),
    field('Event type', eventType),
    field('Since', since),
    field('Until', until),
    h(
      'div',
      { class: 'form-actions' },
      h('button', { type: 'submit', id: 'filter-apply', text: 'Apply' }),
      h('button', {
        type: 'button',
        id: 'filter-clear',
        class: 'secondary',
        text: 'Clear',
        on: { click: () => ctx.navigate('#/deliveries') },
      }),
    ),
    error,
  );
  const set = (params) => {
    const id = params.get('endpointId') || '';
    if (id && ![...endpoint.options].some((o) => o.value === id)) {
      endpoint.append(h('option', { value: id, text: id }));
    }
    endpoint.value = id;
    status.value = STATUSES.includes(params.get('status')) ? params.get('status') : '';
    eventType.value = params.get('eventType') || '';
    since.value = isoToLocalInput(params.get('since'));
    until.value = isoToLocalInput(params.get('until'));
  };
  const setEndpoints = (list, params) => {
    const chosen = params.get('endpointId') || '';
    endpoint.replaceChildren(
      h('option', { value: '', text: 'Any endpoint' }),
      ...list.map((ep) => h('option', { value: ep.id, text: kindLabel(ep.kind) + ' · ' + (ep.url || ep.id) })),
    );
    if (chosen && !list.some((ep) => ep.id === chosen)) endpoint.append(h('option', { value: chosen, text: chosen }));
    endpoint.value = chosen;
  };
  return { form, set, setEndpoints };
}

export function deliveriesPage(view, route, ctx) {
  let params = route.params;
  let pages = null;
  let last = null;
  let endpoints = new Map();
  const filters = filterForm(ctx);
  const out = h('div', { id: 'delivery-action-result', class: 'message', role: 'status', hidden: true, dataset: { testid: 'delivery-action-result' } });
  const error = messageArea('deliveries-error');
  const list = h('div', { id: 'deliveries-list' });
  const more = h('div', { class: 'more' });
  const recoverSlot = h('div', { id: 'recover-slot' });
  let generation = 0;

  const filtersOf = (p) => {
    const q = {};
    for (const f of FILTERS) if (p.get(f)) q[f] = p.get(f);
    return q;
  };
  pages = api.pager('/deliveries', filtersOf(params), PAGE);

  const showRecover = () => {
    const id = params.get('endpointId');
    const ep = id && endpoints.get(id);
    if (ep && ep.kind === 'native') {
      replace(recoverSlot, recoverPanel(id, ep.url, ctx, params.get('since'), refresh));
    } else {
      recoverSlot.replaceChildren();
    }
  };

  const refresh = async () => {
    const mine = generation;
    let page;
    try {
      page = await pages.load();
      clearMessage(error);
    } catch (e) {
      if (mine === generation) showProblem(error, e);
      return;
    }
    if (mine !== generation) return; // the filters changed meanwhile
    const json = JSON.stringify(page);
    if (json === last) return;
    last = json;
    replace(
      list,
      page.data.length
        ? deliveryTable(page.data, endpoints, out, refresh, 'deliveries-table')
        : h('p', { id: 'deliveries-empty', class: 'muted', text: 'No deliveries match.' }),
    );
    replace(
      more,
      page.nextCursor
        ? h('button', {
            type: 'button',
            id: 'deliveries-more',
            class: 'secondary',
            dataset: { key: 'more' },
            text: 'Show later ones',
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

  const update = (r) => {
    params = r.params;
    pages = api.pager('/deliveries', filtersOf(params), PAGE);
    last = null;
    generation += 1;
    filters.set(params);
    showRecover();
    refresh();
  };

  view.append(
    h('h2', { id: 'page-title', text: 'Deliveries' }),
    h('p', { class: 'lead', text: 'Oldest first. Open a delivery to see each attempt as sent and answered.' }),
    filters.form,
    out,
    error,
    list,
    more,
    recoverSlot,
  );
  filters.set(params);
  loadOverview()
    .then((page) => {
      endpoints = new Map(page.data.map((ep) => [ep.id, ep]));
      filters.setEndpoints(page.data, params);
      showRecover();
      last = null;
      refresh();
    })
    .catch((e) => showProblem(error, e));
  refresh();
  return { title: 'Deliveries', refresh, update };
}

/**
 * What stands for a request body the server did not show. The server rebuilds the bodies it does
 * not store, through the endpoint's style, as they were sent; the console never makes one up.
 */
function missingBody() {
  return h('p', { class: 'muted', dataset: { testid: 'request-body' }, text: 'Not kept by the server.' });
}

function attemptView(a, open) {
  const resp = a.response;
  return h(
    'li',
    { class: 'attempt', dataset: { testid: 'attempt', number: String(a.number), succeeded: String(a.succeeded) } },
    h(
      'details',
      { open },
      h(
        'summary',
        null,
        h('span', { class: 'attempt-title', text: 'Attempt ' + a.number + ' ' }),
        badge(a.succeeded ? 'succeeded' : 'failed', a.succeeded ? 'succeeded' : 'failed'),
        h('span', { text: ' ' + (resp && resp.status != null ? 'HTTP ' + resp.status : 'no response') + ', ' + a.durationMs + ' ms, ' }),
        time(a.startedAt),
      ),
      h(
        'div',
        { class: 'attempt-body' },
        a.error ? h('p', { class: 'error-text', dataset: { testid: 'attempt-error' }, text: a.error }) : null,
        h(
          'section',
          { class: 'exchange' },
          h('h4', { text: 'Request' }),
          a.request
            ? [
                h('p', null, h('code', { dataset: { testid: 'request-line' }, text: a.request.method + ' ' + a.request.url })),
                h('h5', { text: 'Headers' }),
                pairs(a.request.headers, 'request-headers', 'Request headers of attempt ' + a.number),
                h('h5', { text: 'Body' }),
                a.request.body == null ? missingBody() : bodyBlock(a.request.body, 'request-body'),
              ]
            : h('p', { class: 'muted', text: 'Not recorded' }),
        ),
        h(
          'section',
          { class: 'exchange' },
          h('h4', { text: 'Response' }),
          resp
            ? [
                h('p', null, 'Status ', h('strong', { dataset: { testid: 'response-status' }, text: resp.status == null ? '—' : String(resp.status) }), ' · ' + a.durationMs + ' ms'),
                h('h5', { text: 'Headers' }),
                pairs(resp.headers, 'response-headers', 'Response headers of attempt ' + a.number),
                h('h5', { text: 'Body' }),
                bodyBlock(resp.body, 'response-body'),
              ]
            : h('p', { class: 'muted', dataset: { testid: 'no-response' }, text: 'No response' }),
        ),
      ),
    ),
  );
}

export function deliveryPage(view, route, ctx) {
  const id = route.parts[1];
  let last = null;
  const error = messageArea('delivery-error');
  const out = h('div', { id: 'delivery-action-result', class: 'message', role: 'status', hidden: true, dataset: { testid: 'delivery-action-result' } });
  const summary = h('div', { id: 'delivery-summary' });
  const attempts = h('div', { id: 'delivery-attempts' });
  const actions = h('div', { class: 'actions' });

  const refresh = async () => {
    let d;
    try {
      d = await api.get('/deliveries/' + api.seg(id));
      clearMessage(error);
    } catch (e) {
      showProblem(error, e);
      return;
    }
    const list = d.attempts || [];
    const json = JSON.stringify(d);
    if (json === last) return;
    last = json;
    replace(
      summary,
      h(
        'dl',
        { class: 'facts', dataset: { testid: 'delivery-facts', status: d.status } },
        h('dt', { text: 'Status' }),
        h('dd', { dataset: { testid: 'delivery-status' } }, badge(d.status, d.status)),
        h('dt', { text: 'Event' }),
        h('dd', null, h('a', { href: '#/events?id=' + encodeURIComponent(d.eventId), text: d.eventId }), ' ', h('code', { text: d.eventType })),
        h('dt', { text: 'Endpoint' }),
        h('dd', null, h('a', { href: '#/endpoints/' + api.seg(d.endpointId), text: d.endpointId })),
        h('dt', { text: 'Attempts' }),
        h('dd', { text: String(d.attemptCount) }),
        h('dt', { text: 'Created' }),
        h('dd', null, time(d.createdAt)),
        d.finishedAt ? [h('dt', { text: 'Finished' }), h('dd', null, time(d.finishedAt))] : null,
        d.nextAttemptAt ? [h('dt', { text: 'Next attempt' }), h('dd', null, time(d.nextAttemptAt))] : null,
        d.lastStatusCode != null ? [h('dt', { text: 'Last HTTP status' }), h('dd', { text: String(d.lastStatusCode) })] : null,
        d.lastError ? [h('dt', { text: 'Last error' }), h('dd', { class: 'error-text', text: d.lastError })] : null,
        d.orderingKey != null ? [h('dt', { text: 'Ordering key' }), h('dd', null, h('code', { text: d.orderingKey === '' ? '(none)' : d.orderingKey }))] : null,
        d.waitingFor ? [h('dt', { text: 'Waits for' }), h('dd', null, h('a', { href: '#/deliveries/' + api.seg(d.waitingFor), text: d.waitingFor }))] : null,
      ),
    );
    replace(
      attempts,
      list.length
        ? h('ol', { id: 'attempts', class: 'attempts' }, list.map((a, i) => attemptView(a, list.length <= 3 || i === list.length - 1)))
        : h('p', { id: 'attempts-empty', class: 'muted', text: 'No attempt yet.' }),
    );
    if (!actions.hasChildNodes()) {
      actions.append(resendButton(d, out, null, { id: 'resend-button' }));
    }
  };

  view.append(
    h('p', { class: 'crumbs' }, h('a', { href: '#/deliveries', text: 'Deliveries' })),
    h('h2', { id: 'page-title' }, 'Delivery ', h('code', { text: id })),
    error,
    actions,
    out,
    summary,
    h('h3', { text: 'Attempts' }),
    attempts,
  );
  refresh();
  return { title: 'Delivery', refresh };
}
