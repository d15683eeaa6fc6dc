// Small DOM helpers. Everything that comes from the API is put in the page as text
// (createElement / textContent): nothing here ever parses a string as markup.

/**
 * Creates an element. attrs: plain attributes (values as strings), except
 * "on" (an object of event listeners), "dataset" (data-* attributes) and
 * "text" (textContent). Children: nodes, strings (text nodes), null/false (skipped), arrays.
 */
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  applyAttrs(el, attrs);
  append(el, children);
  return el;
}

const SVG_NS = 'http://www.w3.org/2000/svg';

/** The same for SVG elements. */
export function s(tag, attrs, ...children) {
  const el = document.createElementNS(SVG_NS, tag);
  applyAttrs(el, attrs);
  append(el, children);
  return el;
}

function applyAttrs(el, attrs) {
  if (!attrs) return;
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'on') {
      for (const [type, fn] of Object.entries(v)) el.addEventListener(type, fn);
    } else if (k === 'dataset') {
      for (const [dk, dv] of Object.entries(v)) {
        if (dv !== undefined && dv !== null) el.dataset[dk] = String(dv);
      }
    } else if (k === 'text') {
      el.textContent = String(v);
    } else if (k === 'style' || k.startsWith('on')) {
      // never: the CSP forbids inline styles and handlers, and so do we
      throw new Error('inline ' + k + ' is not allowed');
    } else if (v === true) {
      el.setAttribute(k, '');
    } else {
      el.setAttribute(k, String(v));
    }
  }
}

function append(el, children) {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    if (Array.isArray(c)) append(el, c);
    else if (c instanceof Node) el.appendChild(c);
    else el.appendChild(document.createTextNode(String(c)));
  }
}

/** Replaces an element's children, keeping focus on the "same" element (same data-key) if it had it. */
export function replace(el, ...children) {
  const active = document.activeElement;
  const key = active && el.contains(active) && active.dataset ? active.dataset.key : null;
  el.replaceChildren();
  append(el, children);
  if (key) {
    const again = el.querySelector('[data-key="' + CSS.escape(key) + '"]');
    if (again) again.focus();
  }
}

/** A local date and time, YYYY-MM-DD HH:MM:SS, with the exact instant as its title. */
export function time(iso) {
  if (!iso) return h('span', { class: 'muted', text: '—' });
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return h('span', { text: iso });
  return h('time', { datetime: iso, title: iso, text: formatLocal(d) });
}

export function formatLocal(d) {
  const p = (n) => String(n).padStart(2, '0');
  return (
    d.getFullYear() + '-' + p(d.getMonth() + 1) + '-' + p(d.getDate()) + ' ' +
    p(d.getHours()) + ':' + p(d.getMinutes()) + ':' + p(d.getSeconds())
  );
}

/** The value of an <input type="datetime-local"> for a Date (local time, to the minute). */
export function toLocalInput(d) {
  const p = (n) => String(n).padStart(2, '0');
  return (
    d.getFullYear() + '-' + p(d.getMonth() + 1) + '-' + p(d.getDate()) + 'T' +
    p(d.getHours()) + ':' + p(d.getMinutes())
  );
}

/** An ISO instant from an <input type="datetime-local"> value; '' for none, null if invalid. */
export function fromLocalInput(value) {
  if (!value) return '';
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
}

/** A datetime-local value from an ISO instant ('' if none or invalid). */
export function isoToLocalInput(iso) {
  if (!iso) return '';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? '' : toLocalInput(d);
}

/** A labelled form field: <div class="field"><label for=id>..</label> control [hint]</div>. */
export function field(label, control, hint) {
  const parts = [h('label', { for: control.id, text: label }), control];
  if (hint) {
    const hintId = control.id + '-hint';
    control.setAttribute('aria-describedby', hintId);
    parts.push(h('small', { id: hintId, class: 'hint', text: hint }));
  }
  return h('div', { class: 'field' }, parts);
}

/**
 * A data table. On narrow screens it collapses: each row becomes a block whose cells are
 * labelled with their column's header (data-label, shown by the stylesheet).
 */
export function table(attrs, headers, rows, caption) {
  for (const tr of rows) {
    [...tr.children].forEach((cell, i) => {
      if (cell.tagName !== 'TD') return;
      if (headers[i]) cell.dataset.label = headers[i];
      const wrap = document.createElement('div');
      wrap.className = cell.classList.contains('actions') ? 'cell actions' : 'cell';
      wrap.append(...cell.childNodes);
      cell.append(wrap);
    });
  }
  return h(
    'div',
    { class: 'table-wrap' },
    h(
      'table',
      attrs,
      caption ? h('caption', { text: caption }) : null,
      h('thead', null, h('tr', null, headers.map((t) => h('th', { scope: 'col', text: t })))),
      h('tbody', null, rows),
    ),
  );
}

/** A table of name/value pairs (headers of a request or response). */
export function pairs(obj, testid, caption) {
  const entries = obj ? Object.entries(obj) : [];
  if (entries.length === 0) {
    return h('p', { class: 'muted', dataset: { testid }, text: 'No headers' });
  }
  return h(
    'div',
    { class: 'table-wrap' },
    h(
      'table',
      { class: 'pairs', dataset: { testid } },
      caption ? h('caption', { class: 'visually-hidden', text: caption }) : null,
      h(
        'tbody',
        null,
        entries.map(([k, v]) =>
          h('tr', { dataset: { name: k.toLowerCase() } }, h('th', { scope: 'row', text: k }), h('td', { text: v })),
        ),
      ),
    ),
  );
}

/** A body as sent or received, as text (pretty-printed when it is JSON). */
export function bodyBlock(body, testid) {
  if (body === null || body === undefined || body === '') {
    return h('p', { class: 'muted', dataset: { testid }, text: 'Empty body' });
  }
  let text = String(body);
  try {
    text = JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    // not JSON: shown as it is
  }
  return h('pre', { class: 'body', dataset: { testid }, tabindex: '0' }, h('code', { text }));
}

/** Renders an API problem (title, detail, field errors) into a container with role=alert. */
export function showProblem(container, err) {
  const p = err && err.problem ? err.problem : { title: 'Error', detail: String(err && err.message ? err.message : err) };
  const items = Array.isArray(p.errors) ? p.errors : [];
  replace(
    container,
    h('strong', { class: 'problem-title', text: p.title || 'Error' }),
    p.status ? h('span', { class: 'problem-status', text: ' (' + p.status + ')' }) : null,
    p.detail ? h('p', { class: 'problem-detail', text: p.detail }) : null,
    items.length
      ? h(
          'ul',
          { class: 'problem-errors' },
          items.map((e) =>
            h('li', null, h('code', { text: e.field || '' }), e.field ? ': ' : '', e.message || ''),
          ),
        )
      : null,
  );
  container.hidden = false;
  container.classList.remove('ok');
  container.classList.add('error');
}

/** Shows a plain message in a message area. */
export function showMessage(container, text, ok = true) {
  replace(container, h('span', { text }));
  container.hidden = false;
  container.classList.toggle('ok', ok);
  container.classList.toggle('error', !ok);
}

export function clearMessage(container) {
  container.replaceChildren();
  container.hidden = true;
  container.classList.remove('ok', 'error');
}

/** A message area: role=alert so errors are read out. */
export function messageArea(id) {
  return h('div', { id, class: 'message', role: 'alert', hidden: true, dataset: { testid: id } });
}

export function badge(text, kind) {
  return h('span', { class: 'badge badge-' + String(kind || text).replace(/[^a-z0-9_-]/gi, ''), text });
}

export function percent(rate) {
  if (rate === null || rate === undefined) return '—';
  return (Math.round(rate * 1000) / 10).toFixed(1) + ' %';
}

export function ms(v) {
  return v === null || v === undefined ? '—' : v + ' ms';
}
