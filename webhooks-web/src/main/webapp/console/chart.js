// Two plain SVG charts of one endpoint over the series' window (24 hours): attempts per minute
// by outcome (stacked bars), and latency per minute (mean as a line, slowest as dots).
// Minutes without attempts are absent from the series: they count as zero.
import { h, s } from './dom.js';

const W = 960;
const H = 220;
const M = { left: 52, right: 12, top: 14, bottom: 30 };
const PW = W - M.left - M.right;
const PH = H - M.top - M.bottom;
const MINUTE = 60000;

function frame(series) {
  const from = Math.floor(new Date(series.from).getTime() / MINUTE) * MINUTE;
  const to = Math.ceil(new Date(series.to).getTime() / MINUTE) * MINUTE;
  const span = Math.max(MINUTE, to - from);
  const minutes = span / MINUTE;
  const step = PW / minutes;
  const x = (t) => M.left + ((t - from) / span) * PW;
  return { from, to, span, step, x };
}

/** A round upper bound for an axis and its ticks. */
function niceMax(v) {
  if (v <= 0) return 1;
  const p = Math.pow(10, Math.floor(Math.log10(v)));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * p >= v) return m * p;
  return 10 * p;
}

function hhmm(t) {
  const d = new Date(t);
  return String(d.getHours()).padStart(2, '0') + ':' + String(d.getMinutes()).padStart(2, '0');
}

function axes(f, max, unit) {
  const g = s('g', { class: 'axes' });
  const y = (v) => M.top + PH - (v / max) * PH;
  for (const v of [0, max / 2, max]) {
    g.append(
      s('line', { class: 'grid', x1: M.left, x2: W - M.right, y1: y(v), y2: y(v) }),
      s('text', { class: 'tick', x: M.left - 6, y: y(v) + 4, 'text-anchor': 'end', text: formatTick(v) + (v === max && unit ? ' ' + unit : '') }),
    );
  }
  // an x tick every 3 hours, on the hour
  const threeHours = 3 * 60 * MINUTE;
  const first = Math.ceil(f.from / (60 * MINUTE)) * 60 * MINUTE;
  for (let t = first; t <= f.to; t += 60 * MINUTE) {
    const d = new Date(t);
    if (d.getHours() % 3 !== 0 && f.span > threeHours) continue;
    g.append(
      s('line', { class: 'xtick', x1: f.x(t), x2: f.x(t), y1: M.top + PH, y2: M.top + PH + 4 }),
      s('text', { class: 'tick', x: f.x(t), y: H - 10, 'text-anchor': 'middle', text: hhmm(t) }),
    );
  }
  g.append(s('line', { class: 'axis', x1: M.left, x2: W - M.right, y1: M.top + PH, y2: M.top + PH }));
  return g;
}

function formatTick(v) {
  return Number.isInteger(v) ? String(v) : v.toFixed(1);
}

function legend(items) {
  return h(
    'ul',
    { class: 'legend' },
    items.map(([cls, label]) => h('li', null, h('span', { class: 'swatch ' + cls, 'aria-hidden': 'true' }), label)),
  );
}

/** Attempts per minute, succeeded and failed stacked. */
export function outcomeChart(series) {
  const f = frame(series);
  const mins = series.minutes || [];
  let ok = 0;
  let failed = 0;
  let peak = 0;
  for (const m of mins) {
    ok += m.succeeded;
    failed += m.failed;
    peak = Math.max(peak, m.succeeded + m.failed);
  }
  const max = niceMax(peak);
  const y = (v) => M.top + PH - (v / max) * PH;
  const width = Math.max(f.step, 1.5);
  const bars = s('g', { class: 'bars' });
  for (const m of mins) {
    const x = f.x(new Date(m.at).getTime());
    if (m.succeeded > 0) {
      bars.append(
        s('rect', { class: 'bar-succeeded', x, width, y: y(m.succeeded), height: PH - (y(m.succeeded) - M.top) },
          s('title', { text: hhmm(new Date(m.at).getTime()) + ': ' + m.succeeded + ' succeeded' })),
      );
    }
    if (m.failed > 0) {
      const top = y(m.succeeded + m.failed);
      bars.append(
        s('rect', { class: 'bar-failed', x, width, y: top, height: y(m.succeeded) - top },
          s('title', { text: hhmm(new Date(m.at).getTime()) + ': ' + m.failed + ' failed' })),
      );
    }
  }
  const summary = ok + ' succeeded and ' + failed + ' failed attempts in the last 24 hours; at most ' + peak + ' in one minute.';
  return h(
    'figure',
    { class: 'chart', id: 'chart-outcomes-figure' },
    h('figcaption', { id: 'chart-outcomes-caption', text: 'Attempts per minute by outcome' }),
    s(
      'svg',
      { id: 'chart-outcomes', viewBox: '0 0 ' + W + ' ' + H, role: 'img', 'aria-labelledby': 'chart-outcomes-caption chart-outcomes-summary', dataset: { succeeded: String(ok), failed: String(failed) } },
      s('title', { text: 'Attempts per minute by outcome' }),
      axes(f, max, '/min'),
      bars,
    ),
    legend([['succeeded', 'Succeeded'], ['failed', 'Failed']]),
    h('p', { id: 'chart-outcomes-summary', class: 'chart-summary', text: summary }),
  );
}

/** Latency per minute: the mean as a line (broken where a minute had no attempt), the slowest as dots. */
export function latencyChart(series) {
  const f = frame(series);
  const mins = series.minutes || [];
  let peak = 0;
  for (const m of mins) peak = Math.max(peak, m.maxMs, m.avgMs);
  const max = niceMax(peak);
  const y = (v) => M.top + PH - (v / max) * PH;
  const mid = (m) => f.x(new Date(m.at).getTime()) + f.step / 2;
  const lines = s('g', { class: 'latency' });
  let run = [];
  let prev = null;
  const flush = () => {
    if (run.length > 1) {
      lines.append(s('polyline', { class: 'line-avg', points: run.map((m) => mid(m).toFixed(1) + ',' + y(m.avgMs).toFixed(1)).join(' ') }));
    } else if (run.length === 1) {
      lines.append(s('circle', { class: 'dot-avg', cx: mid(run[0]), cy: y(run[0].avgMs), r: 2.5 }));
    }
    run = [];
  };
  for (const m of mins) {
    const t = new Date(m.at).getTime();
    if (prev !== null && t - prev > MINUTE) flush();
    run.push(m);
    prev = t;
  }
  flush();
  const dots = s('g', { class: 'latency-max' });
  for (const m of mins) {
    dots.append(
      s('circle', { class: 'dot-max', cx: mid(m), cy: y(m.maxMs), r: 2 },
        s('title', { text: hhmm(new Date(m.at).getTime()) + ': mean ' + m.avgMs + ' ms, slowest ' + m.maxMs + ' ms' })),
    );
  }
  const summary = mins.length
    ? 'Slowest attempt ' + peak + ' ms; ' + mins.length + ' minutes had attempts.'
    : 'No attempts in the last 24 hours.';
  return h(
    'figure',
    { class: 'chart', id: 'chart-latency-figure' },
    h('figcaption', { id: 'chart-latency-caption', text: 'Latency per minute' }),
    s(
      'svg',
      { id: 'chart-latency', viewBox: '0 0 ' + W + ' ' + H, role: 'img', 'aria-labelledby': 'chart-latency-caption chart-latency-summary' },
      s('title', { text: 'Latency per minute' }),
      axes(f, max, 'ms'),
      dots,
      lines,
    ),
    legend([['avg', 'Mean'], ['max', 'Slowest']]),
    h('p', { id: 'chart-latency-summary', class: 'chart-summary', text: summary }),
  );
}
