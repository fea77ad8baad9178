// The admin page's people section: import people from a CSV or JSON file (all or nothing, each bad row named),
// and upload the exclusion lists, with their size, age and a warning when stale.
//
// Uploads go in one request with XMLHttpRequest, whose upload events give the progress bar real bytes sent:
// the import is all or nothing on the server (one request checks every row before storing any), so sending it in
// chunks would either store part of a file or need a staging area the API does not have. fetch() has no upload
// progress in browsers yet.

const STRINGS = {
  es: {
    title: 'Personas y listas',
    importTitle: 'Importar personas',
    importHelp:
      'Un archivo CSV con una línea de cabecera (columnas: phone, existingCustomer, timeZone, region, language, campaign; solo phone es obligatoria) o un JSON con una lista de personas. Si una fila está mal no se guarda nada.',
    file: 'Archivo CSV o JSON',
    country: 'País de los números sin prefijo',
    countryServer: 'El de la instalación',
    importButton: 'Importar',
    progress: 'Progreso de la subida',
    sending: 'Enviando…',
    checking: 'Enviado; comprobando cada fila…',
    imported: (r) => `Importadas: ${r.created} nuevas, ${r.updated} actualizadas.`,
    nothingImported: (n) => `No se ha importado nada: ${n === 1 ? 'una fila tiene errores' : `${n} filas tienen errores`}.`,
    row: 'Fila',
    line: 'Línea',
    column: 'Campo',
    problem: 'Problema',
    chooseFile: 'Elige un archivo.',
    badJson: 'El archivo no es JSON válido',
    jsonShape: 'El JSON debe ser una lista de personas o { "people": [...] }.',
    listsTitle: 'Listas de exclusión',
    listsHelp: (days) => `Una lista con más de ${days} días se considera antigua: no se llama a números que dependan de ella hasta que se actualice.`,
    list: 'Lista',
    countryCol: 'País',
    size: 'Números',
    age: 'Antigüedad',
    state: 'Estado',
    upload: 'Subir',
    uploadFor: 'Archivo CSV para',
    never: 'Nunca subida',
    days: (n) => (n === 0 ? 'hoy' : n === 1 ? '1 día' : `${n} días`),
    stale: 'Antigua: actualízala',
    fresh: 'Al día',
    uploaded: (r) => `${r.list}: ${r.imported} números guardados${r.rejected.length ? `; ${r.rejected.length} líneas no válidas` : ''}.`,
    rejectedLine: (r) => `línea ${r.line}: ${r.reason}`,
    failed: 'No se pudo',
  },
  en: {
    title: 'People and lists',
    importTitle: 'Import people',
    importHelp:
      'A CSV file with a header line (columns: phone, existingCustomer, timeZone, region, language, campaign; only phone is required) or a JSON list of people. If one row is wrong nothing is stored.',
    file: 'CSV or JSON file',
    country: 'Country of numbers without a prefix',
    countryServer: "The installation's",
    importButton: 'Import',
    progress: 'Upload progress',
    sending: 'Sending…',
    checking: 'Sent; checking every row…',
    imported: (r) => `Imported: ${r.created} new, ${r.updated} updated.`,
    nothingImported: (n) => `Nothing was imported: ${n === 1 ? 'one row has errors' : `${n} rows have errors`}.`,
    row: 'Row',
    line: 'Line',
    column: 'Field',
    problem: 'Problem',
    chooseFile: 'Choose a file.',
    badJson: 'The file is not valid JSON',
    jsonShape: 'The JSON must be a list of people or { "people": [...] }.',
    listsTitle: 'Exclusion lists',
    listsHelp: (days) => `A list older than ${days} days is stale: numbers that depend on it are not called until it is refreshed.`,
    list: 'List',
    countryCol: 'Country',
    size: 'Numbers',
    age: 'Age',
    state: 'State',
    upload: 'Upload',
    uploadFor: 'CSV file for',
    never: 'Never uploaded',
    days: (n) => (n === 0 ? 'today' : n === 1 ? '1 day' : `${n} days`),
    stale: 'Stale: refresh it',
    fresh: 'Up to date',
    uploaded: (r) => `${r.list}: ${r.imported} numbers stored${r.rejected.length ? `; ${r.rejected.length} lines not valid` : ''}.`,
    rejectedLine: (r) => `line ${r.line}: ${r.reason}`,
    failed: 'Could not',
  },
};

const COUNTRIES = ['ES', 'PT', 'FR', 'GB', 'US', 'MX'];

let serial = 0;
const uid = (stem) => `people-${stem}-${++serial}`;

function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === false || value === null || value === undefined) continue;
    if (name === 'text') element.textContent = value;
    else if (name.startsWith('on')) element.addEventListener(name.slice(2), value);
    else if (name in element && typeof value !== 'string') element[name] = value;
    else element.setAttribute(name, value === true ? '' : value);
  }
  for (const child of children.flat()) if (child !== null && child !== undefined && child !== false) element.append(child);
  return element;
}

/**
 * One request with upload progress, answering like ctx.api: the parsed body, or a thrown problem with the
 * server's status, code, message, field, line and issues (the one error body of the API).
 */
function upload(ctx, method, path, body, contentType, onProgress) {
  return new Promise((resolve, reject) => {
    const request = new XMLHttpRequest();
    request.open(method, path);
    request.setRequestHeader('content-type', contentType);
    for (const [name, value] of Object.entries(ctx.authHeaders())) request.setRequestHeader(name, value);
    request.upload.addEventListener('progress', (event) => {
      if (event.lengthComputable) onProgress(event.loaded, event.total);
    });
    request.upload.addEventListener('load', () => onProgress(1, 1, true));
    request.addEventListener('load', () => {
      let answer = null;
      try {
        answer = request.responseText ? JSON.parse(request.responseText) : null;
      } catch {
        answer = { code: 'BadResponse', message: request.responseText.slice(0, 200) };
      }
      if (request.status >= 200 && request.status < 300) resolve(answer);
      else reject(Object.assign(new Error(answer?.message ?? `HTTP ${request.status}`), { status: request.status, ...answer }));
    });
    request.addEventListener('error', () => reject(new Error('network error')));
    request.send(body);
  });
}

export function mount(root, ctx) {
  const lang = typeof ctx.lang === 'function' ? ctx.lang() : ctx.lang;
  const s = STRINGS[lang === 'en' ? 'en' : 'es'];
  const withKey = { ...ctx, authHeaders: ctx.authHeaders ?? (() => ({})) };

  // --- import ---
  const fileInput = h('input', { type: 'file', id: uid('file'), accept: '.csv,.json,text/csv,application/json', required: true });
  const country = h(
    'select',
    { id: uid('country') },
    h('option', { value: '', text: s.countryServer }),
    COUNTRIES.map((code) => h('option', { value: code, text: code })),
  );
  const progressId = uid('progress');
  const progress = h('progress', { id: progressId, max: 100, value: 0, hidden: true });
  const progressLabel = h('label', { for: progressId, text: s.progress, hidden: true });
  const importStatus = h('p', { class: 'status', role: 'status' });
  const report = h('div', { class: 'import-report', role: 'alert' });
  const submit = h('button', { type: 'submit', class: 'primary', text: s.importButton });
  const form = h(
    'form',
    { class: 'people-import', 'aria-labelledby': 'people-import-title' },
    h('h3', { id: 'people-import-title', text: s.importTitle }),
    h('p', { class: 'hint', text: s.importHelp }),
    h('div', { class: 'field' }, h('label', { for: fileInput.id, text: s.file }), fileInput),
    h('div', { class: 'field' }, h('label', { for: country.id, text: s.country }), country),
    submit,
    h('div', { class: 'progress' }, progressLabel, progress),
    importStatus,
    report,
  );

  const showProgress = (loaded, total, done) => {
    progress.hidden = false;
    progressLabel.hidden = false;
    progress.value = Math.round((loaded / Math.max(total, 1)) * 100);
    // Sent is not stored: the server checks every row before it answers.
    importStatus.textContent = done ? s.checking : s.sending;
  };

  function issueTable(issues, isCsv) {
    // A JSON row is named by its position (people.<i>.<field>), a CSV row by its line and column.
    const rows = issues.map((issue) => {
      if (isCsv) return { where: String(issue.line ?? '—'), column: issue.field, message: issue.message };
      const match = /^people\.(\d+)(?:\.(.+))?$/.exec(issue.field);
      return match
        ? { where: String(Number(match[1]) + 1), column: match[2] ?? '—', message: issue.message }
        : { where: '—', column: issue.field, message: issue.message };
    });
    const count = new Set(rows.map((row) => row.where)).size;
    return [
      h('p', { class: 'error', text: s.nothingImported(count) }),
      h(
        'table',
        { class: 'issues' },
        h('caption', { class: 'visually-hidden', text: s.nothingImported(count) }),
        h('thead', {}, h('tr', {}, ...[isCsv ? s.line : s.row, s.column, s.problem].map((title) => h('th', { scope: 'col', text: title })))),
        h(
          'tbody',
          {},
          rows.map((row) =>
            h('tr', { 'data-row': row.where }, h('th', { scope: 'row', text: row.where }), h('td', { text: row.column }), h('td', { text: row.message })),
          ),
        ),
      ),
    ];
  }

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    report.replaceChildren();
    const file = fileInput.files?.[0];
    if (!file) {
      importStatus.textContent = s.chooseFile;
      fileInput.focus();
      return;
    }
    const text = await file.text();
    const isJson = /\.json$/i.test(file.name) || file.type === 'application/json' || /^\s*[[{]/.test(text);
    let path;
    let body;
    let type;
    if (isJson) {
      let parsed;
      try {
        parsed = JSON.parse(text);
      } catch (error) {
        report.replaceChildren(h('p', { class: 'error', text: `${s.badJson}: ${error.message}` }));
        return;
      }
      const people = Array.isArray(parsed) ? parsed : parsed?.people;
      if (!Array.isArray(people)) {
        report.replaceChildren(h('p', { class: 'error', text: s.jsonShape }));
        return;
      }
      path = '/api/admin/people/import';
      body = JSON.stringify({ ...(country.value ? { defaultCountry: country.value } : {}), people });
      type = 'application/json';
    } else {
      path = `/api/admin/people/import/csv${country.value ? `?defaultCountry=${country.value}` : ''}`;
      body = text;
      type = 'text/csv';
    }
    submit.disabled = true;
    showProgress(0, 1, false);
    try {
      const result = await upload(withKey, 'POST', path, body, type, showProgress);
      progress.value = 100;
      importStatus.textContent = s.imported(result);
    } catch (error) {
      importStatus.textContent = '';
      progress.hidden = true;
      progressLabel.hidden = true;
      const issues = error.issues ?? (error.field ? [{ field: error.field, line: error.line, message: error.message }] : null);
      report.replaceChildren(...(issues ? issueTable(issues, !isJson) : [h('p', { class: 'error', text: error.message })]));
      if (error.message && issues) report.append(h('p', { class: 'hint', text: error.message }));
    } finally {
      submit.disabled = false;
    }
  });

  // --- exclusion lists ---
  const listsSection = h('section', { class: 'exclusion-lists', 'aria-labelledby': 'exclusion-lists-title' });
  const listsStatus = h('div', { class: 'status', role: 'status' });

  async function loadLists() {
    const answer = await ctx.api('GET', '/api/admin/exclusion-lists');
    const rows = answer.lists.map((list) => {
      const input = h('input', { type: 'file', id: uid(`list-${list.list}`), accept: '.csv,.txt,text/csv,text/plain' });
      const button = h('button', { type: 'button', text: s.upload, 'aria-label': `${s.upload}: ${list.name}` });
      const bar = h('progress', { max: 100, value: 0, hidden: true, 'aria-label': `${s.progress}: ${list.name}` });
      button.addEventListener('click', async () => {
        const file = input.files?.[0];
        if (!file) {
          listsStatus.textContent = s.chooseFile;
          input.focus();
          return;
        }
        button.disabled = true;
        bar.hidden = false;
        try {
          const result = await upload(withKey, 'PUT', `/api/admin/exclusion-lists/${list.list}`, await file.text(), 'text/csv', (loaded, total) => {
            bar.value = Math.round((loaded / Math.max(total, 1)) * 100);
          });
          await loadLists();
          listsStatus.replaceChildren(
            h('p', { text: s.uploaded(result) }),
            result.rejected.length ? h('ul', {}, result.rejected.slice(0, 20).map((r) => h('li', { text: s.rejectedLine(r) }))) : null,
          );
        } catch (error) {
          bar.hidden = true;
          listsStatus.replaceChildren(h('p', { class: 'error', text: `${s.failed}: ${error.message}` }));
        } finally {
          button.disabled = false;
        }
      });
      const age = list.ageDays === null ? s.never : s.days(list.ageDays);
      return h(
        'tr',
        { 'data-list': list.list, 'data-stale': String(list.stale) },
        h('th', { scope: 'row', text: list.name }),
        h('td', { text: list.country }),
        h('td', { class: 'number', text: list.count.toLocaleString(lang) }),
        h('td', { text: age, title: list.refreshedAt ?? '' }),
        h('td', {}, list.stale ? h('strong', { class: 'warning', text: `⚠ ${s.stale}` }) : h('span', { text: s.fresh })),
        h('td', {}, h('label', { for: input.id, class: 'visually-hidden', text: `${s.uploadFor} ${list.name}` }), input, button, bar),
      );
    });
    listsSection.replaceChildren(
      h('h3', { id: 'exclusion-lists-title', text: s.listsTitle }),
      h('p', { class: 'hint', text: s.listsHelp(answer.maxAgeDays) }),
      h(
        'table',
        { class: 'lists' },
        h('caption', { class: 'visually-hidden', text: s.listsTitle }),
        h('thead', {}, h('tr', {}, ...[s.list, s.countryCol, s.size, s.age, s.state, s.upload].map((title) => h('th', { scope: 'col', text: title })))),
        h('tbody', {}, rows),
      ),
    );
  }

  root.replaceChildren(h('h2', { text: s.title }), form, listsSection, listsStatus);
  loadLists().catch((error) => listsStatus.replaceChildren(h('p', { class: 'error', text: error.message })));
}
