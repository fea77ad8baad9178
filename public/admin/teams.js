// The admin page's teams section: teams and their entry points, the agents of a team, and their keys (shown once).
// Every call goes through the shell's ctx.api to the documented /api/admin/teams, /agents and /keys.

const STRINGS = {
  es: {
    title: 'Equipos, agentes y claves',
    teams: 'Equipos',
    newTeam: 'Nuevo equipo',
    edit: 'Editar',
    id: 'Identificador',
    idHint: 'Minúsculas, cifras y guiones, p. ej. «las-palmas-servicio». No se puede cambiar después.',
    name: 'Nombre',
    languages: 'Idiomas',
    es: 'Español',
    en: 'Inglés',
    teamsConversationId: 'Canal de Teams (id de la conversación)',
    teamsConversationHint: 'Vacío: el canal de agentes de la instalación.',
    entryPoints: 'Puntos de entrada',
    webChat: 'Entradas de Web Chat',
    webChatHint: 'Separadas por comas. Cada una es una página: /?team=<entrada>.',
    pageLink: 'Enlace de la página',
    copy: 'Copiar',
    copied: 'Copiado',
    whatsAppNumbers: 'Números de WhatsApp (phone_number_id)',
    whatsAppHint: 'Separados por comas, como los muestra Meta.',
    teamsApp: 'La app de Teams llega a este equipo',
    campaigns: 'Campañas',
    campaignsHint: 'Una por línea: las personas de esas campañas van a este equipo.',
    save: 'Guardar equipo',
    cancel: 'Cancelar',
    saved: 'Equipo guardado.',
    created: 'Equipo creado. Ya acepta citas con el horario por defecto: ajústalo en Reglas.',
    conflict: 'Otra persona guardó este equipo antes',
    reload: 'Cargar la versión actual',
    fixFields: 'Revisa los campos marcados.',
    version: 'versión',
    agents: 'Agentes del equipo',
    noAgents: 'Este equipo aún no tiene agentes.',
    agentName: 'Nombre del agente',
    timeZone: 'Zona horaria',
    addAgent: 'Añadir agente',
    agentAdded: 'Agente añadido.',
    keys: 'Claves',
    newKey: 'Crear clave',
    keyOnce: 'Esta es la clave del agente. Cópiala ahora: no se volverá a mostrar.',
    keyFor: 'Clave de',
    hideKey: 'Ya la he copiado',
    revoke: 'Revocar',
    revoked: 'revocada',
    revokedDone: 'Clave revocada.',
    confirmRevoke: '¿Revocar esta clave? Deja de funcionar al instante.',
    active: 'activa',
    noKeys: 'sin claves',
    loading: 'Cargando…',
    none: '—',
    teamsAppShort: 'app de Teams',
  },
  en: {
    title: 'Teams, agents and keys',
    teams: 'Teams',
    newTeam: 'New team',
    edit: 'Edit',
    id: 'Id',
    idHint: 'Lowercase letters, digits and dashes, e.g. "las-palmas-service". It cannot be changed later.',
    name: 'Name',
    languages: 'Languages',
    es: 'Spanish',
    en: 'English',
    teamsConversationId: 'Teams channel (conversation id)',
    teamsConversationHint: "Empty: the installation's agents' channel.",
    entryPoints: 'Entry points',
    webChat: 'Web Chat entries',
    webChatHint: 'Comma separated. Each is a page: /?team=<entry>.',
    pageLink: 'Page link',
    copy: 'Copy',
    copied: 'Copied',
    whatsAppNumbers: 'WhatsApp numbers (phone_number_id)',
    whatsAppHint: 'Comma separated, as Meta shows them.',
    teamsApp: 'The Teams app reaches this team',
    campaigns: 'Campaigns',
    campaignsHint: "One a line: those campaigns' people go to this team.",
    save: 'Save team',
    cancel: 'Cancel',
    saved: 'Team saved.',
    created: 'Team created. It books at once with the default hours: adjust them under Rules.',
    conflict: 'Someone else saved this team first',
    reload: 'Load the current version',
    fixFields: 'Check the fields marked.',
    version: 'version',
    agents: "The team's agents",
    noAgents: 'This team has no agents yet.',
    agentName: "Agent's name",
    timeZone: 'Time zone',
    addAgent: 'Add agent',
    agentAdded: 'Agent added.',
    keys: 'Keys',
    newKey: 'Create key',
    keyOnce: "This is the agent's key. Copy it now: it will not be shown again.",
    keyFor: 'Key for',
    hideKey: 'I have copied it',
    revoke: 'Revoke',
    revoked: 'revoked',
    revokedDone: 'Key revoked.',
    confirmRevoke: 'Revoke this key? It stops working at once.',
    active: 'active',
    noKeys: 'no keys',
    loading: 'Loading…',
    none: '—',
    teamsAppShort: 'Teams app',
  },
};

const ZONES = ['Europe/Madrid', 'Atlantic/Canary', 'Europe/Lisbon', 'Europe/London', 'America/New_York', 'America/Mexico_City', 'UTC'];

let serial = 0;
const uid = (stem) => `teams-${stem}-${++serial}`;

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

const listOf = (text) =>
  text
    .split(/[,\n]/)
    .map((part) => part.trim())
    .filter(Boolean);

/** A value shown once to copy: a read-only field and a button that copies it (the field stays selectable by hand). */
export function copyField(label, value, s) {
  const id = uid('copy');
  const input = h('input', { id, type: 'text', readOnly: true, value, class: 'copy-value', spellcheck: 'false' });
  const button = h('button', { type: 'button', text: s.copy });
  const said = h('span', { role: 'status', class: 'copy-status' });
  button.addEventListener('click', async () => {
    input.select();
    try {
      await navigator.clipboard.writeText(value);
    } catch {
      // Without clipboard permission (plain http, an old browser) the selected text is there for Ctrl+C.
      document.execCommand?.('copy');
    }
    said.textContent = s.copied;
  });
  return h('div', { class: 'copy-field' }, h('label', { for: id, text: label }), input, button, said);
}

export function mount(root, ctx) {
  const lang = typeof ctx.lang === 'function' ? ctx.lang() : ctx.lang;
  const s = STRINGS[lang === 'en' ? 'en' : 'es'];
  const state = { teams: [], selected: null, agents: [], keys: [] };

  const status = h('p', { class: 'status', role: 'status' });
  const list = h('div', { class: 'teams-list' });
  const editor = h('div', { class: 'team-editor' });
  const people = h('div', { class: 'team-agents' });
  root.replaceChildren(
    h('h2', { text: s.title }),
    status,
    h('section', { 'aria-labelledby': 'teams-list-title' }, h('h3', { id: 'teams-list-title', text: s.teams }), list),
    editor,
    people,
  );

  const say = (text) => {
    status.textContent = text;
  };
  const problemText = (error) => (error && error.message) || String(error);

  async function load(selectId) {
    say(s.loading);
    const { teams } = await ctx.api('GET', '/api/admin/teams');
    state.teams = teams;
    say('');
    renderList();
    const chosen = teams.find((team) => team.id === (selectId ?? state.selected?.id ?? ctx.team()));
    if (chosen) await select(chosen);
  }

  function entrySummary(team) {
    const parts = [...team.entryPoints.webChat.map((entry) => `/?team=${entry}`), ...team.entryPoints.whatsAppNumbers.map((n) => `WhatsApp ${n}`)];
    if (team.entryPoints.teamsApp) parts.push(s.teamsAppShort);
    return parts.join(', ') || s.none;
  }

  function renderList() {
    const table = h(
      'table',
      { class: 'teams' },
      h('caption', { class: 'visually-hidden', text: s.teams }),
      h(
        'thead',
        {},
        h('tr', {}, ...[s.name, s.id, s.languages, s.entryPoints, s.campaigns, ''].map((title) => h('th', { scope: 'col', text: title }))),
      ),
      h(
        'tbody',
        {},
        state.teams.map((team) =>
          h(
            'tr',
            { 'data-team': team.id, 'aria-current': state.selected?.id === team.id ? 'true' : null },
            h('th', { scope: 'row', text: team.name }),
            h('td', { text: team.id }),
            h('td', { text: team.languages.join(', ') }),
            h('td', { text: entrySummary(team) }),
            h('td', { text: team.campaigns.join(', ') || s.none }),
            h('td', {}, h('button', { type: 'button', text: s.edit, 'aria-label': `${s.edit} ${team.name}`, onclick: () => select(team) })),
          ),
        ),
      ),
    );
    list.replaceChildren(table, h('button', { type: 'button', class: 'primary', text: s.newTeam, onclick: () => select(null) }));
  }

  async function select(team) {
    state.selected = team;
    renderList();
    renderEditor(team);
    if (team) await loadAgents(team);
    else people.replaceChildren();
  }

  /** One labelled control with its hint and the place its field error goes, keyed by the API's field path. */
  function field(path, label, control, hint) {
    const id = control.id || (control.id = uid(path.replace(/\W/g, '-')));
    const hintId = hint ? `${id}-hint` : null;
    const errorId = `${id}-error`;
    control.setAttribute('aria-describedby', [hintId, errorId].filter(Boolean).join(' '));
    return h(
      'div',
      { class: 'field', 'data-field': path },
      h('label', { for: id, text: label }),
      control,
      hint ? h('p', { id: hintId, class: 'hint', text: hint }) : null,
      h('p', { id: errorId, class: 'field-error', 'data-error-for': path }),
    );
  }

  function languageChoices(path, chosen) {
    const legendId = uid('legend');
    return h(
      'fieldset',
      { class: 'field', 'data-field': path, 'aria-describedby': `${legendId}-error` },
      h('legend', { id: legendId, text: s.languages }),
      ['es', 'en'].map((code) =>
        h('label', { class: 'inline' }, h('input', { type: 'checkbox', name: path, value: code, checked: chosen.includes(code) }), ` ${s[code]}`),
      ),
      h('p', { id: `${legendId}-error`, class: 'field-error', 'data-error-for': path }),
    );
  }

  /** The server's field errors, each next to its field (the longest field path that is a prefix of the error's). */
  function showFieldErrors(form, fields) {
    for (const slot of form.querySelectorAll('[data-error-for]')) slot.textContent = '';
    for (const control of form.querySelectorAll('[aria-invalid]')) control.removeAttribute('aria-invalid');
    let first = null;
    for (const [path, message] of Object.entries(fields ?? {})) {
      const holders = [...form.querySelectorAll('[data-field]')].filter((el) => path === el.dataset.field || path.startsWith(`${el.dataset.field}.`));
      const holder = holders.sort((a, b) => b.dataset.field.length - a.dataset.field.length)[0];
      if (!holder) continue;
      const slot = holder.querySelector('[data-error-for]');
      slot.textContent = slot.textContent ? `${slot.textContent} ${message}` : message;
      const control = holder.querySelector('input, select, textarea');
      control?.setAttribute('aria-invalid', 'true');
      first ??= control;
    }
    first?.focus();
    return first !== null;
  }

  function renderEditor(team) {
    const isNew = team === null;
    const idInput = h('input', { type: 'text', name: 'id', required: true, pattern: '[a-z0-9]+(-[a-z0-9]+)*', value: team?.id ?? '', readOnly: !isNew, autocomplete: 'off' });
    const name = h('input', { type: 'text', name: 'name', required: true, maxLength: 120, value: team?.name ?? '' });
    const teamsChannel = h('input', { type: 'text', name: 'teamsConversationId', value: team?.teamsConversationId ?? '' });
    const webChat = h('input', { type: 'text', name: 'webChat', value: (team?.entryPoints.webChat ?? []).join(', '), autocomplete: 'off' });
    const whatsApp = h('input', { type: 'text', name: 'whatsAppNumbers', inputMode: 'numeric', value: (team?.entryPoints.whatsAppNumbers ?? []).join(', ') });
    const teamsApp = h('input', { type: 'checkbox', name: 'teamsApp', checked: team?.entryPoints.teamsApp ?? false });
    const campaigns = h('textarea', { name: 'campaigns', rows: 3 });
    campaigns.value = (team?.campaigns ?? []).join('\n');
    const links = h('div', { class: 'entry-links', 'aria-live': 'polite' });
    const renderLinks = () => {
      const entries = listOf(webChat.value);
      links.replaceChildren(
        ...entries.map((entry) => copyField(`${s.pageLink} (${entry})`, `${location.origin}/?team=${encodeURIComponent(entry)}`, s)),
      );
    };
    webChat.addEventListener('change', renderLinks);
    renderLinks();
    const formError = h('div', { class: 'form-error', role: 'alert' });
    const form = h(
      'form',
      { class: 'team-form', novalidate: true, 'aria-labelledby': 'team-form-title' },
      h('h3', { id: 'team-form-title', text: isNew ? s.newTeam : `${team.name} (${s.version} ${team.version})` }),
      field('id', s.id, idInput, isNew ? s.idHint : null),
      field('name', s.name, name),
      languageChoices('languages', team?.languages ?? ['es']),
      field('teamsConversationId', s.teamsConversationId, teamsChannel, s.teamsConversationHint),
      h(
        'fieldset',
        {},
        h('legend', { text: s.entryPoints }),
        field('entryPoints.webChat', s.webChat, webChat, s.webChatHint),
        links,
        field('entryPoints.whatsAppNumbers', s.whatsAppNumbers, whatsApp, s.whatsAppHint),
        h(
          'div',
          { class: 'field', 'data-field': 'entryPoints.teamsApp' },
          h('label', { class: 'inline' }, teamsApp, ` ${s.teamsApp}`),
          h('p', { class: 'field-error', 'data-error-for': 'entryPoints.teamsApp' }),
        ),
      ),
      field('campaigns', s.campaigns, campaigns, s.campaignsHint),
      formError,
      h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary', text: s.save }), h('button', { type: 'button', text: s.cancel, onclick: () => select(state.selected && !isNew ? state.selected : null) })),
    );
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      renderLinks();
      formError.replaceChildren();
      const id = idInput.value.trim();
      const body = {
        name: name.value,
        languages: [...form.querySelectorAll('input[name="languages"]:checked')].map((box) => box.value),
        teamsConversationId: teamsChannel.value.trim() || null,
        entryPoints: { webChat: listOf(webChat.value), whatsAppNumbers: listOf(whatsApp.value), teamsApp: teamsApp.checked },
        campaigns: campaigns.value.split('\n').map((line) => line.trim()).filter(Boolean),
      };
      if (!id) {
        showFieldErrors(form, { id: s.idHint });
        return;
      }
      try {
        const saved = await ctx.api('PUT', `/api/admin/teams/${encodeURIComponent(id)}`, body, isNew ? { 'if-match': '"0"' } : { 'if-match': `"${team.version}"` });
        showFieldErrors(form, {});
        await load(saved.id);
        say(isNew ? s.created : s.saved);
        root.dispatchEvent(new CustomEvent('admin:teams-changed', { bubbles: true, detail: { id: saved.id } }));
      } catch (error) {
        if (error?.status === 412 || error?.status === 409) {
          // The server's message already says who saved first and when; `current` words it when the shell passes it on.
          const current = error.current ?? error.body?.error?.current ?? error.body?.current;
          const who = current ? current.changedByLabel ?? current.changedBy : null;
          formError.replaceChildren(
            h('p', {
              text: current
                ? `${s.conflict}: ${who}, ${new Date(current.changedAt).toLocaleString(lang)} (${s.version} ${current.version}).`
                : `${s.conflict}: ${problemText(error)}`,
            }),
            h('button', { type: 'button', text: s.reload, onclick: () => load(id) }),
          );
          return;
        }
        const placed = showFieldErrors(form, error?.fields);
        formError.replaceChildren(h('p', { text: placed ? s.fixFields : problemText(error) }));
      }
    });
    editor.replaceChildren(form);
    (isNew ? idInput : name).focus();
  }

  async function loadAgents(team) {
    const [{ agents }, { keys }] = await Promise.all([
      ctx.api('GET', `/api/admin/agents?team=${encodeURIComponent(team.id)}`),
      ctx.api('GET', '/api/admin/keys'),
    ]);
    state.agents = agents;
    state.keys = keys;
    renderAgents(team);
  }

  function renderAgents(team) {
    const shown = h('div', { class: 'key-once', 'aria-live': 'assertive' });
    const keysOf = (agent) => state.keys.filter((key) => key.agentId === agent._id);
    const rows = state.agents.map((agent) =>
      h(
        'tr',
        { 'data-agent': agent._id },
        h('th', { scope: 'row', text: agent.name }),
        h('td', { text: agent.languages.join(', ') }),
        h('td', { text: agent.timeZone }),
        h(
          'td',
          {},
          h(
            'ul',
            { class: 'keys' },
            keysOf(agent).map((key) =>
              h(
                'li',
                { 'data-key': key.keyId },
                h('code', { text: key.keyId }),
                ` ${key.label} · ${key.revokedAt ? s.revoked : s.active} `,
                key.revokedAt
                  ? null
                  : h('button', {
                      type: 'button',
                      text: s.revoke,
                      'aria-label': `${s.revoke} ${key.keyId} (${agent.name})`,
                      onclick: async () => {
                        if (!confirm(s.confirmRevoke)) return;
                        try {
                          await ctx.api('DELETE', `/api/admin/keys/${key.keyId}`);
                          await loadAgents(team);
                          say(s.revokedDone);
                        } catch (error) {
                          say(problemText(error));
                        }
                      },
                    }),
              ),
            ),
          ),
          keysOf(agent).length === 0 ? h('span', { text: s.noKeys }) : null,
        ),
        h(
          'td',
          {},
          h('button', {
            type: 'button',
            text: s.newKey,
            'aria-label': `${s.newKey}: ${agent.name}`,
            onclick: async () => {
              try {
                const issued = await ctx.api('POST', '/api/admin/keys', { role: 'agent', label: `${agent.name} (${team.id})`, agentId: agent._id });
                await loadAgents(team);
                const box = people.querySelector('.key-once');
                box.replaceChildren(
                  h('p', { text: s.keyOnce }),
                  copyField(`${s.keyFor} ${agent.name}`, issued.key, s),
                  h('button', { type: 'button', text: s.hideKey, onclick: () => box.replaceChildren() }),
                );
                box.querySelector('input').focus();
              } catch (error) {
                say(problemText(error));
              }
            },
          }),
        ),
      ),
    );
    const agentName = h('input', { type: 'text', name: 'agentName', required: true, maxLength: 120 });
    const zoneList = uid('zones');
    const zone = h('input', { type: 'text', name: 'timeZone', required: true, list: zoneList, value: 'Europe/Madrid', autocomplete: 'off' });
    const formError = h('p', { class: 'form-error', role: 'alert' });
    const add = h(
      'form',
      { class: 'agent-form', novalidate: true, 'aria-label': `${s.addAgent}: ${team.name}` },
      field('name', s.agentName, agentName),
      languageChoices('languages', team.languages),
      field('timeZone', s.timeZone, zone),
      h('datalist', { id: zoneList }, ZONES.map((z) => h('option', { value: z }))),
      formError,
      h('button', { type: 'submit', text: s.addAgent }),
    );
    add.addEventListener('submit', async (event) => {
      event.preventDefault();
      formError.textContent = '';
      try {
        await ctx.api('POST', '/api/admin/agents', {
          name: agentName.value,
          timeZone: zone.value.trim(),
          languages: [...add.querySelectorAll('input[name="languages"]:checked')].map((box) => box.value),
          team: team.id,
        });
        await loadAgents(team);
        say(s.agentAdded);
        people.querySelector('.agent-form input')?.focus();
      } catch (error) {
        formError.textContent = showFieldErrors(add, error?.fields) ? s.fixFields : problemText(error);
      }
    });
    people.replaceChildren(
      h(
        'section',
        { 'aria-labelledby': 'team-agents-title' },
        h('h3', { id: 'team-agents-title', text: `${s.agents}: ${team.name}` }),
        shown,
        rows.length
          ? h(
              'table',
              { class: 'agents' },
              h('caption', { class: 'visually-hidden', text: `${s.agents}: ${team.name}` }),
              h('thead', {}, h('tr', {}, ...[s.agentName, s.languages, s.timeZone, s.keys, ''].map((title) => h('th', { scope: 'col', text: title })))),
              h('tbody', {}, rows),
            )
          : h('p', { text: s.noAgents }),
        add,
      ),
    );
  }

  ctx.onTeamChange?.((id) => {
    const team = state.teams.find((candidate) => candidate.id === id);
    if (team && team.id !== state.selected?.id) void select(team);
  });
  load().catch((error) => say(problemText(error)));
}
