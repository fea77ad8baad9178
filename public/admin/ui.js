// What every section of the admin page builds with: elements, the API's error as an object, and field errors
// placed next to their field. Plain browser ES modules, nothing loaded from elsewhere.

/** An element with attributes (`text`, `className`, `on<event>` handled) and children (null ones skipped). */
export function el(tag, attrs, children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (name === 'text') node.textContent = value;
    else if (name === 'className') node.className = value;
    else if (name.startsWith('on') && typeof value === 'function') node.addEventListener(name.slice(2), value);
    else if (value === true) node.setAttribute(name, '');
    else node.setAttribute(name, String(value));
  }
  for (const child of children || []) {
    if (child === null || child === undefined || child === false) continue;
    node.appendChild(typeof child === 'string' ? document.createTextNode(child) : child);
  }
  return node;
}

let uid = 0;
/** An id no other element of the page has (labels and aria-describedby need one). */
export function uniqueId(prefix) {
  uid += 1;
  return `${prefix}-${uid}`;
}

/**
 * The product's one error body (`{ code, message, field?, issues? }`, bot/http/errors.ts) as an error with
 * per-field messages: `fields` maps each field's path (`weeklyHours.mon.0.end`) to the server's own words.
 */
export class ApiProblem extends Error {
  constructor(status, body) {
    const data = body && typeof body === 'object' ? body : {};
    super(typeof data.message === 'string' ? data.message : `HTTP ${status}`);
    this.name = 'ApiProblem';
    this.status = status;
    this.code = typeof data.code === 'string' ? data.code : 'Error';
    this.body = data;
    this.fields = {};
    for (const issue of Array.isArray(data.issues) ? data.issues : []) {
      if (issue && typeof issue.field === 'string' && !(issue.field in this.fields)) this.fields[issue.field] = issue.message;
    }
    if (typeof data.field === 'string' && !(data.field in this.fields)) {
      // A single-field error's message starts with its field ("numbers.0: …"); next to the field, the rest says it.
      const prefix = `${data.field}: `;
      this.fields[data.field] = this.message.startsWith(prefix) ? this.message.slice(prefix.length) : this.message;
    }
  }
}

/** Removes the field errors `showFieldErrors` placed under root. */
export function clearFieldErrors(root) {
  for (const node of root.querySelectorAll('.field-error')) node.remove();
  for (const node of root.querySelectorAll('[aria-invalid="true"]')) {
    node.removeAttribute('aria-invalid');
    const described = (node.getAttribute('aria-describedby') || '').split(' ').filter((id) => !id.startsWith('fielderr-'));
    if (described.length) node.setAttribute('aria-describedby', described.join(' '));
    else node.removeAttribute('aria-describedby');
  }
}

/**
 * Puts each of the problem's field messages next to its field: the element marked `data-field="<path>"`, else
 * the nearest marked ancestor path (`weeklyHours.mon.0` for `weeklyHours.mon.0.end`). `prefix` strips a path
 * the request wrapped the form in (`ruleSet.` for a preview of a draft). Returns the messages no field took.
 */
export function showFieldErrors(root, problem, prefix = '') {
  clearFieldErrors(root);
  const unplaced = [];
  let first = null;
  for (const [rawPath, message] of Object.entries(problem.fields || {})) {
    const path = prefix && rawPath.startsWith(prefix) ? rawPath.slice(prefix.length) : rawPath;
    const parts = path.split('.');
    let holder = null;
    for (let n = parts.length; n > 0 && !holder; n--) {
      holder = root.querySelector(`[data-field="${CSS.escape(parts.slice(0, n).join('.'))}"]`);
    }
    if (!holder) {
      unplaced.push(`${rawPath}: ${message}`);
      continue;
    }
    const id = uniqueId('fielderr');
    holder.appendChild(el('p', { className: 'field-error', id, role: 'alert', 'data-error-for': rawPath, text: message }));
    const input = holder.matches('input, select, textarea') ? holder : holder.querySelector('input, select, textarea');
    if (input) {
      input.setAttribute('aria-invalid', 'true');
      input.setAttribute('aria-describedby', [input.getAttribute('aria-describedby'), id].filter(Boolean).join(' '));
      first = first || input;
    }
  }
  if (first) first.focus();
  return unplaced;
}

/** A labelled input inside a wrapper that carries the field's path (where its error will be shown). */
export function labelled(labelText, input, fieldPath, hint) {
  const id = input.id || uniqueId('in');
  input.id = id;
  const hintNode = hint ? el('span', { className: 'hint', id: `${id}-hint`, text: hint }) : null;
  if (hintNode) input.setAttribute('aria-describedby', hintNode.id);
  return el('div', { className: 'field', 'data-field': fieldPath }, [el('label', { for: id, text: labelText }), input, hintNode]);
}

/** The days of a rule set's week, in its order (services/availability/weekdays.ts). */
export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

/** Today on the browser's calendar, "YYYY-MM-DD". */
export function todayIso() {
  const now = new Date();
  return `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}-${String(now.getDate()).padStart(2, '0')}`;
}

/** "2026-11-24T09:30" (a wall-clock time as the API gives it) → "09:30". */
export function clockOf(local) {
  return local.slice(11, 16);
}

/** A calendar day "YYYY-MM-DD" written for people, in the page's language (the date itself, no zone involved). */
export function formatDay(day, lang, options = { weekday: 'short', day: 'numeric', month: 'short' }) {
  const [y, m, d] = day.split('-').map(Number);
  return new Intl.DateTimeFormat(lang === 'es' ? 'es-ES' : 'en-GB', { ...options, timeZone: 'UTC' }).format(
    new Date(Date.UTC(y, m - 1, d)),
  );
}

/** An instant written in a zone, in the page's language. */
export function formatInstant(iso, lang, timeZone) {
  return new Intl.DateTimeFormat(lang === 'es' ? 'es-ES' : 'en-GB', {
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    ...(timeZone ? { timeZone } : {}),
  }).format(new Date(iso));
}
