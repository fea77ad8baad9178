// The admin page's shell: sign-in with an admin key, the sections, the team picker, the API and the words.
// Plain browser ES modules, no framework and nothing to bundle, like the agent console (public/agent/).
import { ApiProblem, el } from './ui.js';
import * as rules from './rules.js';
import * as preview from './preview.js';
import * as history from './history.js';
import * as teams from './teams.js';
import * as people from './people.js';
import * as promises from './promises.js';

/**
 * The sections, in the order of the menu. Each module exports `mount(root, ctx)` and may export `strings`
 * (`{ es: {...}, en: {...} }`), merged into the page's words.
 */
const SECTIONS = [
  { id: 'rules', module: rules },
  { id: 'preview', module: preview },
  { id: 'history', module: history },
  { id: 'teams', module: teams },
  { id: 'people', module: people },
  { id: 'promises', module: promises },
];

const STRINGS = {
  es: {
    title: 'Administración',
    skip: 'Saltar al contenido',
    team: 'Equipo',
    language: 'Idioma',
    logout: 'Salir',
    keyLabel: 'Clave de administrador',
    enter: 'Entrar',
    keyHint: 'La primera la imprime el bot al arrancar; más con npm run keys -- create --role admin.',
    sections: 'Secciones',
    badKey: 'La clave no es válida.',
    notAdmin: 'Esa clave no es de administrador.',
    loading: 'Cargando…',
    noTeams: 'Todavía no hay ningún equipo.',
    'section.rules': 'Reglas',
    'section.preview': 'Vista previa',
    'section.history': 'Historial',
    'section.teams': 'Equipos, agentes y claves',
    'section.people': 'Personas y listas',
    'section.promises': 'Promesas',
    notYet: 'Esta sección llegará pronto.',
    unavailable: 'El servidor no responde ahora; no se ha cambiado nada. Inténtalo de nuevo.',
  },
  en: {
    title: 'Administration',
    skip: 'Skip to content',
    team: 'Team',
    language: 'Language',
    logout: 'Sign out',
    keyLabel: 'Admin key',
    enter: 'Sign in',
    keyHint: 'The bot prints the first one when it starts; more with npm run keys -- create --role admin.',
    sections: 'Sections',
    badKey: 'That key is not valid.',
    notAdmin: 'That key is not an admin key.',
    loading: 'Loading…',
    noTeams: 'There are no teams yet.',
    'section.rules': 'Rules',
    'section.preview': 'Preview',
    'section.history': 'History',
    'section.teams': 'Teams, agents and keys',
    'section.people': 'People and lists',
    'section.promises': 'Promises',
    notYet: 'This section is coming soon.',
    unavailable: 'The server is not answering right now; nothing was changed. Try again.',
  },
};
for (const section of SECTIONS) {
  for (const lang of Object.keys(STRINGS)) Object.assign(STRINGS[lang], section.module.strings?.[lang]);
}

const state = {
  key: sessionStorage.getItem('adminKey') || '',
  lang: localStorage.getItem('adminLang') || (navigator.language.startsWith('en') ? 'en' : 'es'),
  teams: [],
  team: sessionStorage.getItem('adminTeam') || '',
  current: '',
  signedIn: false,
  // Each mounted section: its container and the listeners it gave the shell.
  mounted: new Map(),
  // What sections share in this browser tab (the rules editor's unsaved draft, read by the preview).
  shared: new Map(),
  sharedListeners: new Map(),
};

const $ = (id) => document.getElementById(id);

/** A word in the page's language (Spanish when English lacks it); `{name}` is replaced from `values`. */
export function t(key, values) {
  const text = STRINGS[state.lang][key] ?? STRINGS.es[key] ?? key;
  return values ? text.replace(/\{(\w+)\}/g, (whole, name) => (name in values ? String(values[name]) : whole)) : text;
}

/**
 * Calls the documented API with the admin key. JSON in and out; a refusal is thrown as an ApiProblem built
 * from the product's error body, so a 400's field errors can be put next to their fields.
 */
export async function api(method, path, body, headers) {
  const response = await fetch(path, {
    method,
    headers: { 'x-api-key': state.key, ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
    body: body !== undefined ? JSON.stringify(body) : undefined,
  });
  const text = await response.text();
  let data = null;
  try {
    data = text ? JSON.parse(text) : null;
  } catch {
    data = { code: 'NotJson', message: text.slice(0, 200) };
  }
  if (!response.ok) {
    const problem = new ApiProblem(response.status, data);
    if (response.status === 401 && state.signedIn) signOut(t('badKey'));
    if (response.status === 503) problem.message = t('unavailable');
    throw problem;
  }
  return data;
}

function setStatus(message, isError) {
  const status = $('status');
  status.textContent = message || '';
  status.classList.toggle('error', Boolean(isError));
}

function translatePage() {
  document.documentElement.lang = state.lang;
  for (const node of document.querySelectorAll('[data-t]')) node.textContent = t(node.getAttribute('data-t'));
  $('nav').setAttribute('aria-label', t('sections'));
  $('lang').value = state.lang;
  renderNav();
}

function renderNav() {
  const list = $('nav').querySelector('ul');
  list.replaceChildren(
    ...SECTIONS.map((section) =>
      el('li', {}, [
        el('a', {
          href: `#${section.id}`,
          'data-section': section.id,
          'aria-current': section.id === state.current ? 'page' : null,
          text: t(`section.${section.id}`),
        }),
      ]),
    ),
  );
}

/** The teams the admin may pick; before the teams API existed, the rule sets (a team's id is its rule set's). */
async function loadTeams() {
  let teamList;
  try {
    teamList = (await api('GET', '/api/admin/teams')).teams.map((team) => ({ id: team.id, name: team.name }));
  } catch (error) {
    if (!(error instanceof ApiProblem) || error.status !== 404) throw error;
    teamList = (await api('GET', '/api/admin/rule-sets')).ruleSets.map((stored) => ({ id: stored.ruleSet.id, name: stored.ruleSet.name }));
  }
  state.teams = teamList;
  const select = $('team');
  select.replaceChildren(...teamList.map((team) => el('option', { value: team.id, text: `${team.name} (${team.id})` })));
  if (!teamList.some((team) => team.id === state.team)) state.team = teamList[0]?.id ?? '';
  select.value = state.team;
  select.closest('label').hidden = teamList.length === 0;
  if (teamList.length === 0) setStatus(t('noTeams'));
}

function setTeam(id) {
  if (id === state.team) return;
  state.team = id;
  sessionStorage.setItem('adminTeam', id);
  $('team').value = id;
  for (const entry of state.mounted.values()) for (const listener of entry.teamListeners) listener(id);
}

function contextFor(entry) {
  return {
    api,
    t,
    lang: state.lang,
    team: () => state.team,
    teams: () => state.teams.slice(),
    onTeamChange: (callback) => entry.teamListeners.push(callback),
    /** Called each time the section is shown again (say, to bring a view up to date with what changed meanwhile). */
    onShow: (callback) => entry.showListeners.push(callback),
    /** Reads the teams again (after a section created or renamed one) and, when given, picks `id`. */
    refreshTeams: async (id) => {
      await loadTeams();
      if (id) setTeam(id);
    },
    status: setStatus,
    shared: {
      get: (name) => state.shared.get(name),
      set: (name, value) => {
        state.shared.set(name, value);
        for (const listener of state.sharedListeners.get(name) || []) listener(value);
      },
      onChange: (name, callback) => {
        const list = state.sharedListeners.get(name) || [];
        list.push(callback);
        state.sharedListeners.set(name, list);
        entry.sharedListeners.push([name, callback]);
      },
    },
  };
}

function unmountAll() {
  for (const entry of state.mounted.values()) {
    entry.root.remove();
    for (const [name, callback] of entry.sharedListeners) {
      state.sharedListeners.set(
        name,
        (state.sharedListeners.get(name) || []).filter((listener) => listener !== callback),
      );
    }
  }
  state.mounted.clear();
}

function show(id) {
  const section = SECTIONS.find((candidate) => candidate.id === id) || SECTIONS[0];
  state.current = section.id;
  renderNav();
  let entry = state.mounted.get(section.id);
  if (!entry) {
    const heading = el('h2', { id: `heading-${section.id}`, tabindex: '-1', text: t(`section.${section.id}`) });
    const root = el('section', { id: `section-${section.id}`, className: `section section-${section.id}`, 'aria-labelledby': heading.id }, [
      heading,
    ]);
    $('view').appendChild(root);
    entry = { root, teamListeners: [], sharedListeners: [], showListeners: [] };
    state.mounted.set(section.id, entry);
    section.module.mount(root, contextFor(entry));
  } else if (entry.root.hidden) {
    entry.root.hidden = false;
    for (const listener of entry.showListeners) listener();
  }
  for (const [other, mounted] of state.mounted) mounted.root.hidden = other !== section.id;
  setStatus('');
  return entry;
}

function route(focus) {
  if (!state.signedIn) return;
  const entry = show(location.hash.slice(1));
  if (focus) entry.root.querySelector('h2').focus();
}

async function signIn() {
  setStatus(t('loading'));
  try {
    await loadTeams();
  } catch (error) {
    signOut(error.status === 401 ? t('badKey') : error.status === 403 ? t('notAdmin') : error.message);
    return;
  }
  state.signedIn = true;
  $('login').hidden = true;
  $('loginError').textContent = '';
  $('nav').hidden = false;
  $('logout').hidden = false;
  setStatus('');
  route(false);
}

function signOut(message) {
  sessionStorage.removeItem('adminKey');
  state.key = '';
  state.signedIn = false;
  unmountAll();
  state.shared.clear();
  $('login').hidden = false;
  $('nav').hidden = true;
  $('logout').hidden = true;
  $('team').closest('label').hidden = true;
  $('loginError').textContent = message || '';
  setStatus('');
  $('key').focus();
}

$('login').addEventListener('submit', (event) => {
  event.preventDefault();
  state.key = $('key').value.trim();
  $('key').value = '';
  sessionStorage.setItem('adminKey', state.key);
  void signIn();
});
$('lang').addEventListener('change', () => {
  state.lang = $('lang').value;
  localStorage.setItem('adminLang', state.lang);
  translatePage();
  // Sections are built in one language: built again (what they share, such as a draft, survives).
  unmountAll();
  route(false);
});
$('team').addEventListener('change', () => setTeam($('team').value));
$('logout').addEventListener('click', () => signOut(''));
window.addEventListener('hashchange', () => route(true));

translatePage();
if (state.key) void signIn();
