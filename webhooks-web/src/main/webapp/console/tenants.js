// Tenants and their API keys: the bootstrap key only. New keys are shown once.
import * as api from './api.js';
import { badge, clearMessage, field, h, messageArea, replace, showMessage, showProblem, table, time } from './dom.js';
import { confirmDialog, secretDialog } from './dialogs.js';

const PAGE = 50;
const names = new Map(); // tenant id -> name, from the list

function bootstrapOnly(view, ctx) {
  if (ctx.me && ctx.me.bootstrap) return false;
  view.append(
    h('h2', { id: 'page-title', text: 'Tenants' }),
    h('p', { id: 'tenants-forbidden', class: 'message error', text: 'Only the bootstrap key manages tenants. Sign in with it to see this page.' }),
  );
  return true;
}

export function tenantsPage(view, route, ctx) {
  if (bootstrapOnly(view, ctx)) return { title: 'Tenants' };
  const pages = api.pager('/tenants', {}, PAGE);
  let last = null;
  const error = messageArea('tenants-error');
  const out = h('div', { id: 'tenant-action-result', class: 'message', role: 'status', hidden: true });
  const list = h('div', { id: 'tenants-list' });
  const more = h('div', { class: 'more' });
  const name = h('input', { id: 'tenant-name', name: 'name', type: 'text', required: true, autocomplete: 'off', maxlength: '200' });
  const createError = messageArea('tenant-create-error');
  const submit = h('button', { type: 'submit', id: 'tenant-create-submit', text: 'Create tenant' });

  const refresh = async () => {
    let page;
    try {
      page = await pages.load();
      clearMessage(error);
    } catch (e) {
      showProblem(error, e);
      return;
    }
    for (const t of page.data) names.set(t.id, t.name);
    const json = JSON.stringify(page);
    if (json === last) return;
    last = json;
    replace(
      list,
      table(
        { id: 'tenants-table', class: 'data' },
        ['Name', 'Id', 'Created', 'API keys'],
        page.data.map((t) =>
          h(
            'tr',
            { dataset: { testid: 'tenant-row', id: t.id, name: t.name } },
            h('td', { dataset: { col: 'name' }, text: t.name }),
            h('td', { dataset: { col: 'id' } }, h('code', { text: t.id })),
            h('td', { dataset: { col: 'created' } }, time(t.createdAt)),
            h('td', { class: 'actions' }, h('a', { class: 'button small', href: '#/tenants/' + api.seg(t.id), 'aria-label': 'API keys of ' + t.name, dataset: { action: 'keys', key: 'keys:' + t.id }, text: 'Keys' })),
          ),
        ),
        'Tenants',
      ),
    );
    replace(
      more,
      page.nextCursor
        ? h('button', { type: 'button', id: 'tenants-more', class: 'secondary', dataset: { key: 'more' }, text: 'Show more', on: { click: () => { pages.more(); refresh(); } } })
        : null,
    );
  };

  const form = h(
    'form',
    {
      id: 'tenant-create-form',
      class: 'card form-grid',
      'aria-labelledby': 'tenant-create-heading',
      on: {
        submit: async (e) => {
          e.preventDefault();
          clearMessage(createError);
          submit.disabled = true;
          try {
            const t = await api.post('/tenants', { name: name.value.trim() });
            names.set(t.id, t.name);
            form.reset();
            await refresh();
            await secretDialog({
              title: 'Tenant created',
              message: 'The API key of ' + t.name + ' is shown this once. Hand it over now: it cannot be shown again (issue another if it is lost).',
              label: 'API key',
              value: t.apiKey,
            });
            replace(
              out,
              h('span', { text: 'Created tenant ' + t.name + '. ' }),
              h('a', { href: '#/tenants/' + api.seg(t.id), dataset: { testid: 'new-tenant-keys' }, text: 'Its API keys' }),
            );
            out.hidden = false;
            out.classList.add('ok');
            name.focus();
          } catch (x) {
            showProblem(createError, x);
          } finally {
            submit.disabled = false;
          }
        },
      },
    },
    h('h3', { id: 'tenant-create-heading', text: 'New tenant' }),
    field('Name', name),
    h('div', { class: 'form-actions' }, submit),
    createError,
  );

  view.append(h('h2', { id: 'page-title', text: 'Tenants' }), out, error, list, more, form);
  refresh();
  return { title: 'Tenants', refresh };
}

export function tenantKeysPage(view, route, ctx) {
  if (bootstrapOnly(view, ctx)) return { title: 'API keys' };
  const id = route.parts[1];
  let last = null;
  const error = messageArea('keys-error');
  const out = h('div', { id: 'key-action-result', class: 'message', role: 'status', hidden: true, dataset: { testid: 'key-action-result' } });
  const list = h('div', { id: 'keys-list' });
  const title = h('h2', { id: 'page-title', text: 'API keys of ' + (names.get(id) || id) });

  const refresh = async () => {
    let keys;
    try {
      keys = await api.get('/tenants/' + api.seg(id) + '/keys');
      clearMessage(error);
    } catch (e) {
      showProblem(error, e);
      return;
    }
    const json = JSON.stringify(keys);
    if (json === last) return;
    last = json;
    replace(
      list,
      keys.length
        ? table(
            { id: 'keys-table', class: 'data' },
            ['Prefix', 'Created', 'Last used', 'State', 'Actions'],
            keys.map((k) =>
              h(
                'tr',
                { dataset: { testid: 'key-row', id: k.id, prefix: k.prefix, revoked: String(!!k.revokedAt) } },
                h('td', null, h('code', { text: k.prefix + '…' })),
                h('td', null, time(k.createdAt)),
                h('td', null, time(k.lastUsedAt)),
                h('td', { dataset: { col: 'state' } }, k.revokedAt ? [badge('revoked', 'failed'), ' ', time(k.revokedAt)] : badge('active', 'active')),
                h(
                  'td',
                  { class: 'actions' },
                  k.revokedAt
                    ? null
                    : h('button', {
                        type: 'button',
                        class: 'small danger',
                        'aria-label': 'Revoke key ' + k.prefix,
                        dataset: { action: 'revoke', key: 'revoke:' + k.id },
                        text: 'Revoke',
                        on: {
                          click: async (e) => {
                            const b = e.currentTarget;
                            const yes = await confirmDialog({
                              title: 'Revoke this API key?',
                              message: 'The key ' + k.prefix + '… stops working at once: every client using it gets 401. This cannot be undone.',
                              confirmLabel: 'Revoke key',
                            });
                            if (!yes) return;
                            b.disabled = true;
                            try {
                              await api.del('/tenants/' + api.seg(id) + '/keys/' + api.seg(k.id));
                              showMessage(out, 'Revoked key ' + k.prefix + '…');
                              await refresh();
                            } catch (x) {
                              showProblem(out, x);
                            } finally {
                              b.disabled = false;
                            }
                          },
                        },
                      }),
                ),
              ),
            ),
            'API keys (only their prefixes are kept visible)',
          )
        : h('p', { class: 'muted', text: 'No keys.' }),
    );
  };

  const issue = h('button', {
    type: 'button',
    id: 'issue-key',
    text: 'Issue a new key',
    on: {
      click: async (e) => {
        const b = e.currentTarget;
        b.disabled = true;
        clearMessage(out);
        try {
          const k = await api.post('/tenants/' + api.seg(id) + '/keys');
          await refresh();
          await secretDialog({
            title: 'New API key',
            message: 'This key is shown this once. Hand it over now; revoke it here if it is lost.',
            label: 'API key',
            value: k.apiKey,
          });
          showMessage(out, 'Issued key ' + k.prefix + '…');
        } catch (x) {
          showProblem(out, x);
        } finally {
          b.disabled = false;
        }
      },
    },
  });

  view.append(
    h('p', { class: 'crumbs' }, h('a', { href: '#/tenants', text: 'Tenants' })),
    title,
    h('p', null, 'Tenant ', h('code', { text: id })),
    out,
    error,
    h('div', { class: 'actions' }, issue),
    list,
  );
  refresh();
  return { title: 'API keys', refresh };
}
