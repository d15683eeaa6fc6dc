// Events: find one by id or idempotency key, see its data (as text) and where it went.
import * as api from './api.js';
import { clearMessage, field, h, messageArea, replace, showProblem, time } from './dom.js';
import { deliveryTable } from './deliveries.js';
import { loadOverview } from './endpoints.js';

export function eventsPage(view, route, ctx) {
  let params = route.params;
  let last = null;
  let generation = 0;
  let endpoints = new Map();
  const idInput = h('input', { id: 'event-id', name: 'id', type: 'text', autocomplete: 'off', spellcheck: 'false' });
  const keyInput = h('input', { id: 'event-key', name: 'idempotencyKey', type: 'text', autocomplete: 'off', spellcheck: 'false' });
  const formError = messageArea('event-search-error');
  const error = messageArea('event-error');
  const out = h('div', { id: 'event-action-result', class: 'message', role: 'status', hidden: true, dataset: { testid: 'event-action-result' } });
  const result = h('div', { id: 'event-result' });

  const form = h(
    'form',
    {
      id: 'event-search-form',
      class: 'card filters',
      role: 'search',
      'aria-label': 'Find an event',
      on: {
        submit: (e) => {
          e.preventDefault();
          clearMessage(formError);
          const id = idInput.value.trim();
          const key = keyInput.value.trim();
          if (!id && !key) {
            showProblem(formError, { problem: { title: 'Nothing to look for', detail: 'Give an event id or an idempotency key.' } });
            idInput.focus();
            return;
          }
          ctx.navigate('#/events' + api.withQuery('', id ? { id } : { key }));
        },
      },
    },
    field('Event id', idInput),
    field('or idempotency key', keyInput),
    h('div', { class: 'form-actions' }, h('button', { type: 'submit', id: 'event-search-submit', text: 'Find' })),
    formError,
  );

  const render = (ev) => {
    if (!ev) {
      replace(result, h('p', { id: 'event-none', class: 'muted', text: 'No event has this idempotency key.' }));
      return;
    }
    replace(
      result,
      h(
        'article',
        { id: 'event-detail', 'aria-labelledby': 'event-heading', dataset: { id: ev.id } },
        h('h3', { id: 'event-heading' }, 'Event ', h('code', { text: ev.id })),
        h(
          'dl',
          { class: 'facts' },
          h('dt', { text: 'Type' }),
          h('dd', null, h('code', { dataset: { testid: 'event-type' }, text: ev.type })),
          h('dt', { text: 'Idempotency key' }),
          h('dd', { dataset: { testid: 'event-idempotency-key' }, text: ev.idempotencyKey == null ? '—' : ev.idempotencyKey }),
          h('dt', { text: 'Accepted' }),
          h('dd', null, time(ev.createdAt)),
        ),
        h('h4', { text: 'Data' }),
        // the event's data comes from outside: text only, whatever it contains
        h('pre', { id: 'event-data', class: 'body', tabindex: '0' }, h('code', { text: JSON.stringify(ev.data, null, 2) })),
        h('h4', { text: 'Deliveries' }),
        ev.deliveries && ev.deliveries.length
          ? deliveryTable(ev.deliveries, endpoints, out, refresh, 'event-deliveries-table')
          : h('p', { id: 'event-no-deliveries', class: 'muted', text: 'It reached no endpoint.' }),
        ev.moreDeliveries ? h('p', { class: 'muted', text: 'Only the first deliveries are listed; filter the deliveries page for the rest.' }) : null,
      ),
    );
  };

  async function refresh() {
    const id = params.get('id');
    const key = params.get('key');
    if (!id && !key) {
      result.replaceChildren();
      return;
    }
    const mine = generation;
    let ev;
    try {
      if (id) ev = await api.get('/events/' + api.seg(id));
      else ev = (await api.get(api.withQuery('/events', { idempotencyKey: key }))).data[0] || null;
      if (mine === generation) clearMessage(error);
    } catch (e) {
      if (mine === generation) {
        showProblem(error, e);
        result.replaceChildren();
        last = null;
      }
      return;
    }
    if (mine !== generation) return;
    const json = JSON.stringify(ev);
    if (json === last) return;
    last = json;
    render(ev);
  }

  const update = (r) => {
    params = r.params;
    generation += 1;
    last = null;
    idInput.value = params.get('id') || '';
    keyInput.value = params.get('id') ? '' : params.get('key') || '';
    clearMessage(out);
    refresh();
  };

  view.append(
    h('h2', { id: 'page-title', text: 'Events' }),
    h('p', { class: 'lead', text: 'Find an event by its id (the webhook-id receivers get) or by the idempotency key it was sent with.' }),
    form,
    error,
    out,
    result,
  );
  update(route);
  loadOverview()
    .then((page) => {
      endpoints = new Map(page.data.map((ep) => [ep.id, ep]));
      last = null;
      refresh();
    })
    .catch(() => {});
  return { title: 'Events', refresh, update };
}
