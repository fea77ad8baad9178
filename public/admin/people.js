// The admin page's people section: import people from a CSV or JSON file (all or nothing, each bad row named),
// and upload the exclusion lists, with their size, age and a warning when stale.
//
// An upload is one request through XMLHttpRequest, whose upload events give the progress bar the bytes really
// sent (fetch has no upload progress in browsers). Not chunks: the import is all or nothing because one request
// checks every row before storing any; chunks would store part of a file, or need a staging area the API lacks.
import { ApiProblem, el, labelled, uniqueId } from './ui.js';
import { useSectionStyle } from './sectionKit.js';

const WORDS = {
  es: {
    importTitle: 'Importar personas',
    importHelp:
      'Un CSV con una línea de cabecera (columnas: phone, existingCustomer, timeZone, region, language, campaign; solo phone es obligatoria) o un JSON con una lista de personas. Si una fila está mal no se guarda nada.',
    file: 'Archivo CSV o JSON',
    country: 'País de los números sin prefijo',
    countryServer: 'El de la instalación',
    importButton: 'Importar',
    progress: 'Progreso de la subida',
    sending: 'Enviando… {percent} %',
    checking: 'Enviado; comprobando cada fila…',
    imported: 'Importadas: {created} nuevas, {updated} actualizadas.',
    nothingImported: 'No se ha importado nada: {count} fila(s) con errores.',
    row: 'Fila',
    line: 'Línea',
    column: 'Campo',
    problem: 'Problema',
    chooseFile: 'Elige un archivo.',
    badJson: 'El archivo no es JSON válido: {message}',
    jsonShape: 'El JSON debe ser una lista de personas o { "people": [...] }.',
    listsTitle: 'Listas de exclusión',
    listsHelp:
      'Una lista con más de {days} días está caducada: no se llama con fines comerciales a los números que dependen de ella hasta que se actualice.',
    list: 'Lista',
    countryCol: 'País',
    size: 'Números',
    age: 'Antigüedad',
    state: 'Estado',
    upload: 'Subir',
    uploadList: 'Subir {list}',
    uploadFor: 'Archivo CSV para {list}',
    listProgress: 'Progreso de la subida de {list}',
    never: 'Nunca subida',
    today: 'hoy',
    days: '{days} días',
    stale: 'Caducada: actualízala',
    fresh: 'Al día',
    uploaded: '{list}: {imported} números guardados; {rejected} líneas no válidas.',
    rejectedLine: 'línea {line}: {reason}',
  },
  en: {
    importTitle: 'Import people',
    importHelp:
      'A CSV with a header line (columns: phone, existingCustomer, timeZone, region, language, campaign; only phone is required) or a JSON list of people. If one row is wrong nothing is stored.',
    file: 'CSV or JSON file',
    country: 'Country of numbers without a prefix',
    countryServer: "The installation's",
    importButton: 'Import',
    progress: 'Upload progress',
    sending: 'Sending… {percent}%',
    checking: 'Sent; checking every row…',
    imported: 'Imported: {created} new, {updated} updated.',
    nothingImported: 'Nothing was imported: {count} row(s) with errors.',
    row: 'Row',
    line: 'Line',
    column: 'Field',
    problem: 'Problem',
    chooseFile: 'Choose a file.',
    badJson: 'The file is not valid JSON: {message}',
    jsonShape: 'The JSON must be a list of people or { "people": [...] }.',
    listsTitle: 'Exclusion lists',
    listsHelp: 'A list older than {days} days is stale: numbers that depend on it get no marketing call until it is refreshed.',
    list: 'List',
    countryCol: 'Country',
    size: 'Numbers',
    age: 'Age',
    state: 'State',
    upload: 'Upload',
    uploadList: 'Upload {list}',
    uploadFor: 'CSV file for {list}',
    listProgress: 'Upload progress of {list}',
    never: 'Never uploaded',
    today: 'today',
    days: '{days} days',
    stale: 'Stale: refresh it',
    fresh: 'Up to date',
    uploaded: '{list}: {imported} numbers stored; {rejected} lines not valid.',
    rejectedLine: 'line {line}: {reason}',
  },
};

/** This section's words, merged into the page's by the shell (keys prefixed, so no section overwrites another's). */
export const strings = Object.fromEntries(
  Object.entries(WORDS).map(([lang, words]) => [
    lang,
    Object.fromEntries(Object.entries(words).map(([key, text]) => [`people.${key}`, text])),
  ]),
);

const COUNTRIES = ['ES', 'PT', 'FR', 'IT', 'DE', 'GB', 'US', 'MX', 'AR', 'CO'];

/**
 * The admin key the shell signed in with. The shell keeps it in sessionStorage under 'adminKey' and offers no
 * request with progress, so the upload adds the same header its api() does.
 */
function authHeaders() {
  return { 'x-api-key': sessionStorage.getItem('adminKey') || '' };
}

/** One request with upload progress, answering like ctx.api: the parsed body, or a thrown ApiProblem. */
function upload(method, path, body, contentType, onProgress) {
  return new Promise((resolve, reject) => {
    const request = new XMLHttpRequest();
    request.open(method, path);
    request.setRequestHeader('content-type', contentType);
    for (const [name, value] of Object.entries(authHeaders())) request.setRequestHeader(name, value);
    request.upload.addEventListener('progress', (event) => {
      if (event.lengthComputable) onProgress(event.loaded / Math.max(event.total, 1), false);
    });
    request.upload.addEventListener('load', () => onProgress(1, true));
    request.addEventListener('load', () => {
      let answer = null;
      try {
        answer = request.responseText ? JSON.parse(request.responseText) : null;
      } catch {
        answer = { code: 'NotJson', message: request.responseText.slice(0, 200) };
      }
      if (request.status >= 200 && request.status < 300) resolve(answer);
      else reject(new ApiProblem(request.status, answer));
    });
    request.addEventListener('error', () => reject(new ApiProblem(0, { code: 'Network', message: 'network error' })));
    request.send(body);
  });
}

export function mount(root, ctx) {
  useSectionStyle();
  const w = (key, values) => ctx.t(`people.${key}`, values);
  const number = (value) => value.toLocaleString(ctx.lang === 'es' ? 'es-ES' : 'en-GB');

  // --- import ---
  const fileInput = el('input', { type: 'file', name: 'file', accept: '.csv,.json,text/csv,application/json' });
  const country = el('select', { name: 'defaultCountry' }, [
    el('option', { value: '', text: w('countryServer') }),
    ...COUNTRIES.map((code) => el('option', { value: code, text: code })),
  ]);
  const progressId = uniqueId('import-progress');
  const progress = el('progress', { id: progressId, max: '100', value: '0' });
  const progressBox = el('div', { className: 'field progress', hidden: true }, [
    el('label', { for: progressId, text: w('progress') }),
    progress,
  ]);
  const importStatus = el('p', { className: 'status', role: 'status' });
  const report = el('div', { className: 'import-report', role: 'alert' });
  const submit = el('button', { type: 'submit', className: 'primary', text: w('importButton') });
  const titleId = uniqueId('people-import');
  const form = el('form', { className: 'card people-import', 'aria-labelledby': titleId }, [
    el('h3', { id: titleId, text: w('importTitle') }),
    el('p', { className: 'hint', text: w('importHelp') }),
    el('div', { className: 'fields' }, [labelled(w('file'), fileInput, 'file'), labelled(w('country'), country, 'defaultCountry')]),
    el('div', { className: 'actions' }, [submit]),
    progressBox,
    importStatus,
    report,
  ]);

  const showProgress = (fraction, sent) => {
    progressBox.hidden = false;
    progress.value = Math.round(fraction * 100);
    // Sent is not stored: the server checks every row before it answers.
    importStatus.textContent = sent ? w('checking') : w('sending', { percent: Math.round(fraction * 100) });
  };

  /** The server's issues as a table: a JSON row named by its position (people.<i>.<field>), a CSV one by line and column. */
  function issueReport(issues, isCsv) {
    const rows = issues.map((issue) => {
      if (isCsv) return { where: issue.line === undefined ? '—' : String(issue.line), field: issue.field, message: issue.message };
      const match = /^people\.(\d+)(?:\.(.+))?$/.exec(issue.field);
      return match
        ? { where: String(Number(match[1]) + 1), field: match[2] ?? '—', message: issue.message }
        : { where: '—', field: issue.field, message: issue.message };
    });
    const summary = w('nothingImported', { count: new Set(rows.map((row) => row.where)).size });
    const captionId = uniqueId('issues');
    return [
      el('p', { className: 'error', id: captionId, text: summary }),
      el('div', { className: 'scroll' }, [
        el('table', { className: 'issues', 'aria-labelledby': captionId }, [
          el('thead', {}, [
            el(
              'tr',
              {},
              [isCsv ? w('line') : w('row'), w('column'), w('problem')].map((text) => el('th', { scope: 'col', text })),
            ),
          ]),
          el(
            'tbody',
            {},
            rows.map((row) =>
              el('tr', { 'data-row': row.where }, [
                el('th', { scope: 'row', text: row.where }),
                el('td', { text: row.field }),
                el('td', { text: row.message }),
              ]),
            ),
          ),
        ]),
      ]),
    ];
  }

  /** What to send for the file: JSON as the import's body (a bare list accepted), anything else as CSV. */
  async function requestFor(file) {
    const text = await file.text();
    const isJson = /\.json$/i.test(file.name) || file.type === 'application/json' || /^\s*[[{]/.test(text);
    const query = country.value ? `?defaultCountry=${country.value}` : '';
    if (!isJson) return { isCsv: true, path: `/api/admin/people/import/csv${query}`, body: text, type: 'text/csv' };
    let parsed;
    try {
      parsed = JSON.parse(text);
    } catch (error) {
      throw new Error(w('badJson', { message: error.message }));
    }
    const people = Array.isArray(parsed) ? parsed : parsed?.people;
    if (!Array.isArray(people)) throw new Error(w('jsonShape'));
    const body = {
      ...(parsed.defaultCountry ? { defaultCountry: parsed.defaultCountry } : {}),
      ...(country.value ? { defaultCountry: country.value } : {}),
      people,
    };
    return { isCsv: false, path: '/api/admin/people/import', body: JSON.stringify(body), type: 'application/json' };
  }

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    report.replaceChildren();
    importStatus.textContent = '';
    progressBox.hidden = true;
    const file = fileInput.files?.[0];
    if (!file) {
      importStatus.textContent = w('chooseFile');
      fileInput.focus();
      return;
    }
    let request;
    try {
      request = await requestFor(file);
    } catch (error) {
      report.replaceChildren(el('p', { className: 'error', text: error.message }));
      return;
    }
    submit.disabled = true;
    showProgress(0, false);
    try {
      const result = await upload('POST', request.path, request.body, request.type, showProgress);
      progress.value = 100;
      importStatus.textContent = w('imported', result);
    } catch (error) {
      importStatus.textContent = '';
      progressBox.hidden = true;
      const issues =
        error.body?.issues ?? (error.body?.field ? [{ field: error.body.field, line: error.body.line, message: error.message }] : null);
      report.replaceChildren(...(issues ? issueReport(issues, request.isCsv) : []), el('p', { className: 'hint', text: error.message }));
    } finally {
      submit.disabled = false;
    }
  });

  // --- exclusion lists ---
  const listsTitleId = uniqueId('exclusion-lists');
  const lists = el('section', { className: 'card exclusion-lists', 'aria-labelledby': listsTitleId });
  const listsStatus = el('div', { className: 'status', role: 'status' });

  function listRow(list) {
    const input = el('input', { type: 'file', id: uniqueId('list-file'), accept: '.csv,.txt,text/csv,text/plain' });
    const bar = el('progress', { max: '100', value: '0', hidden: true, 'aria-label': w('listProgress', { list: list.name }) });
    const button = el('button', { type: 'button', text: w('upload'), 'aria-label': w('uploadList', { list: list.name }) });
    button.addEventListener('click', async () => {
      const file = input.files?.[0];
      if (!file) {
        listsStatus.textContent = w('chooseFile');
        input.focus();
        return;
      }
      button.disabled = true;
      bar.hidden = false;
      try {
        const result = await upload('PUT', `/api/admin/exclusion-lists/${list.list}`, await file.text(), 'text/csv', (fraction) => {
          bar.value = Math.round(fraction * 100);
        });
        await loadLists();
        listsStatus.replaceChildren(
          el('p', { text: w('uploaded', { list: list.name, imported: number(result.imported), rejected: result.rejected.length }) }),
          result.rejected.length
            ? el(
                'ul',
                {},
                result.rejected.slice(0, 20).map((line) => el('li', { text: w('rejectedLine', line) })),
              )
            : null,
        );
      } catch (error) {
        bar.hidden = true;
        listsStatus.replaceChildren(el('p', { className: 'error', text: error.message }));
      } finally {
        button.disabled = false;
      }
    });
    const age = list.ageDays === null ? w('never') : list.ageDays === 0 ? w('today') : w('days', { days: list.ageDays });
    return el('tr', { 'data-list': list.list, 'data-stale': String(list.stale) }, [
      el('th', { scope: 'row', text: list.name }),
      el('td', { text: list.country }),
      el('td', { className: 'number', text: number(list.count) }),
      el('td', { text: age, title: list.refreshedAt ?? '' }),
      el('td', {}, [
        list.stale ? el('strong', { className: 'warning', text: `⚠ ${w('stale')}` }) : el('span', { className: 'ok', text: w('fresh') }),
      ]),
      el('td', { className: 'upload' }, [
        el('label', { for: input.id, className: 'visually-hidden', text: w('uploadFor', { list: list.name }) }),
        input,
        button,
        bar,
      ]),
    ]);
  }

  async function loadLists() {
    const answer = await ctx.api('GET', '/api/admin/exclusion-lists');
    const headings = [w('list'), w('countryCol'), w('size'), w('age'), w('state'), w('upload')];
    lists.replaceChildren(
      el('h3', { id: listsTitleId, text: w('listsTitle') }),
      el('p', { className: 'hint', text: w('listsHelp', { days: answer.maxAgeDays }) }),
      el('div', { className: 'scroll' }, [
        el('table', { className: 'lists', 'aria-labelledby': listsTitleId }, [
          el('thead', {}, [
            el(
              'tr',
              {},
              headings.map((text) => el('th', { scope: 'col', text })),
            ),
          ]),
          el('tbody', {}, answer.lists.map(listRow)),
        ]),
      ]),
    );
  }

  root.append(form, lists, listsStatus);
  const refreshLists = () =>
    loadLists().catch((error) => listsStatus.replaceChildren(el('p', { className: 'error', text: error.message })));
  // Shown again: another admin may have refreshed a list meanwhile, and a list ages.
  ctx.onShow(() => void refreshLists());
  void refreshLists();
}
