// Recover: put a native endpoint's failed deliveries since a time back in line, after a
// confirmation that says how many (the count comes from the API first).
import * as api from './api.js';
import { clearMessage, field, formatLocal, fromLocalInput, h, showMessage, showProblem, toLocalInput } from './dom.js';
import { confirmDialog } from './dialogs.js';

/**
 * The recover form of one native endpoint. sinceIso: the time to offer first (default 24 h
 * ago); done: runs after a recover.
 */
export function recoverPanel(endpointId, url, ctx, sinceIso, done) {
  const start = sinceIso ? new Date(sinceIso) : new Date(Date.now() - 24 * 3600 * 1000);
  const since = h('input', { id: 'recover-since', name: 'since', type: 'datetime-local', required: true, value: toLocalInput(start) });
  const submit = h('button', { type: 'submit', id: 'recover-submit', text: 'Recover failed deliveries…' });
  const result = h('div', { id: 'recover-result', class: 'message', role: 'status', hidden: true, dataset: { testid: 'recover-result' } });
  const form = h(
    'form',
    {
      id: 'recover-form',
      class: 'card form-grid',
      'aria-labelledby': 'recover-heading',
      on: {
        submit: async (e) => {
          e.preventDefault();
          clearMessage(result);
          const iso = fromLocalInput(since.value);
          if (!iso) {
            showProblem(result, { problem: { title: 'Invalid time', errors: [{ field: 'since', message: 'give a date and time' }] } });
            since.focus();
            return;
          }
          submit.disabled = true;
          try {
            const path = '/endpoints/' + api.seg(endpointId) + '/recover';
            const count = await api.get(api.withQuery(path, { since: iso }));
            const n = count.recoverable;
            const when = formatLocal(new Date(iso));
            if (!n) {
              showMessage(result, 'No failed deliveries since ' + when + ' to recover.');
              return;
            }
            const yes = await confirmDialog({
              title: 'Recover failed deliveries?',
              message:
                n + (n === 1 ? ' failed delivery' : ' failed deliveries') + ' to ' + url + ' since ' + when +
                (n === 1 ? ' goes' : ' go') + ' back in line and ' + (n === 1 ? 'is' : 'are') + ' sent again.',
              confirmLabel: 'Recover ' + n,
              danger: false,
            });
            if (!yes) return;
            const r = await api.post(path, { since: iso });
            showMessage(result, 'Recovered ' + r.recovered + (r.recovered === 1 ? ' delivery.' : ' deliveries.'));
            if (done) await done();
          } catch (x) {
            showProblem(result, x);
          } finally {
            submit.disabled = false;
          }
        },
      },
    },
    h('h3', { id: 'recover-heading', text: 'Recover failed deliveries' }),
    field('Failed since', since, 'Local time. You are told how many there are before anything is sent.'),
    h('div', { class: 'form-actions' }, submit),
    result,
  );
  return form;
}
