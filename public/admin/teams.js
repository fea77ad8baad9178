// The admin page's teams section: teams and their entry points, the agents of a team, and their keys (shown once).
// Every call goes through the shell's ctx.api to the documented /api/admin/teams, /agents and /keys.
import { clearFieldErrors, el, formatInstant, labelled, showFieldErrors, uniqueId } from './ui.js';
import { copyField, useSectionStyle } from './sectionKit.js';

const WORDS = {
  es: {
    teams: 'Equipos',
    newTeam: 'Nuevo equipo',
    edit: 'Editar',
    id: 'Identificador',
    idHint: 'Minúsculas, cifras y guiones, p. ej. «las-palmas-servicio». No se puede cambiar después.',
    idRequired: 'Escribe un identificador.',
    name: 'Nombre',
    languages: 'Idiomas',
    es: 'Español',
    en: 'Inglés',
    teamsConversationId: 'Canal de Teams (id de la conversación)',
    teamsConversationHint: 'Vacío: el canal de agentes de la instalación.',
    entryPoints: 'Puntos de entrada',
    webChat: 'Entradas de Web Chat',
    webChatHint: 'Separadas por comas. Cada una es una página: /?team=<entrada>.',
    pageLink: 'Enlace de la página ({entry})',
    copy: 'Copiar',
    copied: 'Copiado.',
    whatsAppNumbers: 'Números de WhatsApp (phone_number_id)',
    whatsAppHint: 'Separados por comas, como los muestra Meta.',
    teamsApp: 'La app de Teams llega a este equipo',
    teamsAppShort: 'app de Teams',
    campaigns: 'Campañas',
    campaignsHint: 'Una por línea: las personas de esas campañas van a este equipo.',
    save: 'Guardar equipo',
    saved: 'Equipo guardado.',
    created: 'Equipo creado. Ya acepta citas con el horario por defecto: ajústalo en Reglas.',
    conflict: '{who} guardó este equipo antes ({when}, versión {version}).',
    conflictPlain: 'Otra persona guardó este equipo antes: {message}',
    reload: 'Cargar la versión actual',
    fixFields: 'Revisa los campos marcados.',
    version: 'versión {version}',
    agents: 'Agentes de {team}',
    noAgents: 'Este equipo aún no tiene agentes.',
    agentName: 'Nombre del agente',
    timeZone: 'Zona horaria',
    addAgent: 'Añadir agente',
    agentAdded: 'Agente añadido.',
    editAgent: 'Editar a {agent}',
    saveAgent: 'Guardar agente',
    agentSaved: 'Agente guardado.',
    cancel: 'Cancelar',
    agentTeam: 'Equipo',
    keys: 'Claves',
    newKey: 'Crear clave',
    newKeyFor: 'Crear clave para {agent}',
    keyOnce: 'Esta es la clave de {agent}. Cópiala ahora: no se volverá a mostrar.',
    keyLabel: 'Clave de {agent}',
    hideKey: 'Ya la he copiado',
    revoke: 'Revocar',
    revokeKey: 'Revocar la clave {key} de {agent}',
    revoked: 'revocada',
    revokedDone: 'Clave revocada.',
    confirmRevoke: '¿Revocar esta clave? Deja de funcionar al instante.',
    active: 'activa',
    noKeys: 'sin claves',
    none: '—',
  },
  en: {
    teams: 'Teams',
    newTeam: 'New team',
    edit: 'Edit',
    id: 'Id',
    idHint: 'Lowercase letters, digits and dashes, e.g. "las-palmas-service". It cannot be changed later.',
    idRequired: 'Type an id.',
    name: 'Name',
    languages: 'Languages',
    es: 'Spanish',
    en: 'English',
    teamsConversationId: 'Teams channel (conversation id)',
    teamsConversationHint: "Empty: the installation's agents' channel.",
    entryPoints: 'Entry points',
    webChat: 'Web Chat entries',
    webChatHint: 'Comma separated. Each is a page: /?team=<entry>.',
    pageLink: 'Page link ({entry})',
    copy: 'Copy',
    copied: 'Copied.',
    whatsAppNumbers: 'WhatsApp numbers (phone_number_id)',
    whatsAppHint: 'Comma separated, as Meta shows them.',
    teamsApp: 'The Teams app reaches this team',
    teamsAppShort: 'Teams app',
    campaigns: 'Campaigns',
    campaignsHint: "One a line: those campaigns' people go to this team.",
    save: 'Save team',
    saved: 'Team saved.',
    created: 'Team created. It books at once with the default hours: adjust them under Rules.',
    conflict: '{who} saved this team first ({when}, version {version}).',
    conflictPlain: 'Someone else saved this team first: {message}',
    reload: 'Load the current version',
    fixFields: 'Check the fields marked.',
    version: 'version {version}',
    agents: 'Agents of {team}',
    noAgents: 'This team has no agents yet.',
    agentName: "Agent's name",
    timeZone: 'Time zone',
    addAgent: 'Add agent',
    agentAdded: 'Agent added.',
    editAgent: 'Edit {agent}',
    saveAgent: 'Save agent',
    agentSaved: 'Agent saved.',
    cancel: 'Cancel',
    agentTeam: 'Team',
    keys: 'Keys',
    newKey: 'Create key',
    newKeyFor: 'Create a key for {agent}',
    keyOnce: "This is {agent}'s key. Copy it now: it will not be shown again.",
    keyLabel: "{agent}'s key",
    hideKey: 'I have copied it',
    revoke: 'Revoke',
    revokeKey: "Revoke {agent}'s key {key}",
    revoked: 'revoked',
    revokedDone: 'Key revoked.',
    confirmRevoke: 'Revoke this key? It stops working at once.',
    active: 'active',
    noKeys: 'no keys',
    none: '—',
  },
};

/** This section's words, merged into the page's by the shell (keys prefixed, so no section overwrites another's). */
export const strings = Object.fromEntries(
  Object.entries(WORDS).map(([lang, words]) => [
    lang,
    Object.fromEntries(Object.entries(words).map(([key, text]) => [`teams.${key}`, text])),
  ]),
);

const ZONES = ['Europe/Madrid', 'Atlantic/Canary', 'Europe/Lisbon', 'Europe/London', 'America/New_York', 'America/Mexico_City', 'UTC'];

const listOf = (text) =>
  text
    .split(/[,\n]/)
    .map((part) => part.trim())
    .filter(Boolean);

export function mount(root, ctx) {
  useSectionStyle();
  const w = (key, values) => ctx.t(`teams.${key}`, values);
  const copyWords = { copy: w('copy'), copied: w('copied') };
  const state = { teams: [], selected: null, agents: [], keys: [] };
  const status = el('p', { className: 'status', role: 'status' });
  const list = el('div', { className: 'card teams-list' });
  const editor = el('div', { className: 'card team-editor' });
  const agentsBox = el('div', { className: 'card team-agents', hidden: true });
  root.append(status, list, editor, agentsBox);
  const say = (text) => {
    status.textContent = text;
  };

  async function load(selectId) {
    state.teams = (await ctx.api('GET', '/api/admin/teams')).teams;
    const chosen = state.teams.find((team) => team.id === (selectId ?? state.selected?.id ?? ctx.team()));
    await select(chosen ?? null);
  }

  function entrySummary(team) {
    const parts = [
      ...team.entryPoints.webChat.map((entry) => `/?team=${entry}`),
      ...team.entryPoints.whatsAppNumbers.map((number) => `WhatsApp ${number}`),
    ];
    if (team.entryPoints.teamsApp) parts.push(w('teamsAppShort'));
    return parts.join(', ') || w('none');
  }

  function renderList() {
    const headings = [w('name'), w('id'), w('languages'), w('entryPoints'), w('campaigns'), ''];
    list.replaceChildren(
      el('h3', { id: 'teams-list-title', text: w('teams') }),
      el('div', { className: 'scroll' }, [
        el('table', { className: 'teams', 'aria-labelledby': 'teams-list-title' }, [
          el('thead', {}, [
            el(
              'tr',
              {},
              headings.map((text) => el('th', { scope: 'col', text })),
            ),
          ]),
          el(
            'tbody',
            {},
            state.teams.map((team) =>
              el('tr', { 'data-team': team.id, 'aria-current': state.selected?.id === team.id ? 'true' : null }, [
                el('th', { scope: 'row', text: team.name }),
                el('td', { text: team.id }),
                el('td', { text: team.languages.join(', ') }),
                el('td', { text: entrySummary(team) }),
                el('td', { text: team.campaigns.join(', ') || w('none') }),
                el('td', {}, [
                  el('button', {
                    type: 'button',
                    text: w('edit'),
                    'aria-label': `${w('edit')}: ${team.name}`,
                    onclick: () => select(team, true),
                  }),
                ]),
              ]),
            ),
          ),
        ]),
      ]),
      el('div', { className: 'actions' }, [
        el('button', { type: 'button', className: 'primary', text: w('newTeam'), onclick: () => select(null, true) }),
      ]),
    );
  }

  async function select(team, focus = false) {
    state.selected = team;
    renderList();
    renderEditor(team, focus);
    agentsBox.hidden = team === null;
    if (team) await loadAgents(team);
  }

  function languageChoices(chosen) {
    return el('fieldset', { className: 'field', 'data-field': 'languages' }, [
      el('legend', { text: w('languages') }),
      ...['es', 'en'].map((code) =>
        el('label', { className: 'inline' }, [
          el('input', { type: 'checkbox', name: 'languages', value: code, checked: chosen.includes(code) }),
          ` ${w(code)}`,
        ]),
      ),
    ]);
  }
  const chosenLanguages = (form) => [...form.querySelectorAll('input[name="languages"]:checked')].map((box) => box.value);

  function renderEditor(team, focus) {
    const isNew = team === null;
    const idInput = el('input', {
      type: 'text',
      name: 'id',
      required: true,
      readonly: !isNew,
      autocomplete: 'off',
      spellcheck: 'false',
      value: team?.id ?? '',
    });
    const name = el('input', { type: 'text', name: 'name', required: true, maxlength: '120', value: team?.name ?? '' });
    const teamsChannel = el('input', { type: 'text', name: 'teamsConversationId', value: team?.teamsConversationId ?? '' });
    const webChat = el('input', {
      type: 'text',
      name: 'webChat',
      autocomplete: 'off',
      spellcheck: 'false',
      value: (team?.entryPoints.webChat ?? []).join(', '),
    });
    const whatsApp = el('input', {
      type: 'text',
      name: 'whatsAppNumbers',
      inputmode: 'numeric',
      value: (team?.entryPoints.whatsAppNumbers ?? []).join(', '),
    });
    const teamsApp = el('input', { type: 'checkbox', name: 'teamsApp', checked: team?.entryPoints.teamsApp ?? false });
    const campaigns = el('textarea', { name: 'campaigns', rows: '3' });
    campaigns.value = (team?.campaigns ?? []).join('\n');
    const links = el('div', { className: 'entry-links' });
    // Each Web Chat entry is a page of its own: its link, to copy into a site or a campaign.
    const renderLinks = () =>
      links.replaceChildren(
        ...listOf(webChat.value).map((entry) =>
          copyField(w('pageLink', { entry }), `${location.origin}/?team=${encodeURIComponent(entry)}`, copyWords),
        ),
      );
    // As typed: rendered on blur, the links would move the save button away from the click that caused the blur.
    webChat.addEventListener('input', renderLinks);
    renderLinks();
    const formError = el('div', { className: 'form-error', role: 'alert' });
    const titleId = uniqueId('team-form');
    const form = el('form', { className: 'team-form', novalidate: true, 'aria-labelledby': titleId }, [
      el('h3', { id: titleId, text: isNew ? w('newTeam') : `${team.name} · ${w('version', { version: team.version })}` }),
      el('div', { className: 'fields' }, [
        labelled(w('id'), idInput, 'id', isNew ? w('idHint') : null),
        labelled(w('name'), name, 'name'),
        languageChoices(team?.languages ?? ['es']),
        labelled(w('teamsConversationId'), teamsChannel, 'teamsConversationId', w('teamsConversationHint')),
      ]),
      el('fieldset', { className: 'entry-points' }, [
        el('legend', { text: w('entryPoints') }),
        labelled(w('webChat'), webChat, 'entryPoints.webChat', w('webChatHint')),
        links,
        labelled(w('whatsAppNumbers'), whatsApp, 'entryPoints.whatsAppNumbers', w('whatsAppHint')),
        el('div', { className: 'field', 'data-field': 'entryPoints.teamsApp' }, [
          el('label', { className: 'inline' }, [teamsApp, ` ${w('teamsApp')}`]),
        ]),
      ]),
      labelled(w('campaigns'), campaigns, 'campaigns', w('campaignsHint')),
      formError,
      el('div', { className: 'actions' }, [el('button', { type: 'submit', className: 'primary', text: w('save') })]),
    ]);
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      renderLinks();
      formError.replaceChildren();
      clearFieldErrors(form);
      const id = idInput.value.trim();
      if (!id) {
        showFieldErrors(form, { fields: { id: w('idRequired') } });
        return;
      }
      const body = {
        name: name.value,
        languages: chosenLanguages(form),
        teamsConversationId: teamsChannel.value.trim() || null,
        entryPoints: { webChat: listOf(webChat.value), whatsAppNumbers: listOf(whatsApp.value), teamsApp: teamsApp.checked },
        campaigns: campaigns.value
          .split('\n')
          .map((line) => line.trim())
          .filter(Boolean),
      };
      try {
        // A new team is "version 0": if someone made one with that id meanwhile, the 412 says who.
        const saved = await ctx.api('PUT', `/api/admin/teams/${encodeURIComponent(id)}`, body, {
          'if-match': `"${isNew ? 0 : team.version}"`,
        });
        await ctx.refreshTeams(saved.id);
        await load(saved.id);
        say(isNew ? w('created') : w('saved'));
      } catch (error) {
        if (error.status === 412 || error.status === 409) {
          const current = error.body?.current;
          formError.replaceChildren(
            el('div', { className: 'conflict' }, [
              el('p', {
                text: current
                  ? w('conflict', {
                      who: current.changedByLabel ?? current.changedBy,
                      when: formatInstant(current.changedAt, ctx.lang),
                      version: current.version,
                    })
                  : w('conflictPlain', { message: error.message }),
              }),
              el('button', { type: 'button', text: w('reload'), onclick: () => load(id) }),
            ]),
          );
          return;
        }
        const unplaced = error.fields ? showFieldErrors(form, error) : [error.message];
        formError.replaceChildren(el('p', { className: 'error', text: unplaced.length ? unplaced.join(' ') : w('fixFields') }));
      }
    });
    editor.replaceChildren(form);
    if (focus) (isNew ? idInput : name).focus();
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

  function keyItem(team, agent, key) {
    return el('li', { 'data-key': key.keyId }, [
      el('code', { text: key.keyId }),
      ` ${key.label} · ${key.revokedAt ? w('revoked') : w('active')} `,
      key.revokedAt
        ? null
        : el('button', {
            type: 'button',
            className: 'small',
            text: w('revoke'),
            'aria-label': w('revokeKey', { key: key.keyId, agent: agent.name }),
            onclick: async () => {
              if (!confirm(w('confirmRevoke'))) return;
              try {
                await ctx.api('DELETE', `/api/admin/keys/${key.keyId}`);
                await loadAgents(team);
                say(w('revokedDone'));
              } catch (error) {
                say(error.message);
              }
            },
          }),
    ]);
  }

  async function issueKey(team, agent) {
    try {
      const issued = await ctx.api('POST', '/api/admin/keys', { role: 'agent', label: `${agent.name} (${team.id})`, agentId: agent._id });
      await loadAgents(team);
      // Shown this once: the server keeps only its hash. Gone when the admin says so, or leaves the team.
      const box = agentsBox.querySelector('.key-once');
      box.hidden = false;
      box.replaceChildren(
        el('p', { text: w('keyOnce', { agent: agent.name }) }),
        copyField(w('keyLabel', { agent: agent.name }), issued.key, copyWords),
        el('button', { type: 'button', text: w('hideKey'), onclick: () => ((box.hidden = true), box.replaceChildren()) }),
      );
      box.querySelector('input').focus();
    } catch (error) {
      say(error.message);
    }
  }

  function renderAgents(team) {
    const keysOf = (agent) => state.keys.filter((key) => key.agentId === agent._id);
    const headings = [w('agentName'), w('languages'), w('timeZone'), w('keys'), ''];
    const titleId = uniqueId('team-agents');
    const agentName = el('input', { type: 'text', name: 'name', required: true, maxlength: '120' });
    const zoneList = uniqueId('zones');
    const zone = el('input', {
      type: 'text',
      name: 'timeZone',
      required: true,
      list: zoneList,
      value: 'Europe/Madrid',
      autocomplete: 'off',
    });
    // The agent's team: a move to another team is an edit like any other.
    const teamChoice = el(
      'select',
      { name: 'team' },
      state.teams.map((t) => el('option', { value: t.id, text: t.name })),
    );
    teamChoice.value = team.id;
    const formError = el('p', { className: 'error', role: 'alert' });
    const submit = el('button', { type: 'submit', text: w('addAgent') });
    const cancel = el('button', { type: 'button', text: w('cancel'), hidden: true, onclick: () => edit(null) });
    const add = el('form', { className: 'agent-form', novalidate: true, 'aria-label': w('addAgent') }, [
      el('div', { className: 'fields' }, [
        labelled(w('agentName'), agentName, 'name'),
        languageChoices(team.languages),
        labelled(w('timeZone'), zone, 'timeZone'),
        labelled(w('agentTeam'), teamChoice, 'team'),
      ]),
      el(
        'datalist',
        { id: zoneList },
        ZONES.map((value) => el('option', { value })),
      ),
      formError,
      el('div', { className: 'actions' }, [submit, cancel]),
    ]);
    // The form adds an agent, or (after "Edit") replaces the one being edited.
    let editing = null;
    function edit(agent) {
      editing = agent;
      clearFieldErrors(add);
      formError.textContent = '';
      agentName.value = agent?.name ?? '';
      zone.value = agent?.timeZone ?? 'Europe/Madrid';
      teamChoice.value = agent?.team ?? team.id;
      const languages = agent?.languages ?? team.languages;
      for (const box of add.querySelectorAll('input[name="languages"]')) box.checked = languages.includes(box.value);
      submit.textContent = agent ? w('saveAgent') : w('addAgent');
      add.setAttribute('aria-label', agent ? w('editAgent', { agent: agent.name }) : w('addAgent'));
      cancel.hidden = agent === null;
      agentName.focus();
    }
    add.addEventListener('submit', async (event) => {
      event.preventDefault();
      formError.textContent = '';
      clearFieldErrors(add);
      const body = {
        name: agentName.value,
        timeZone: zone.value.trim(),
        languages: chosenLanguages(add),
        team: teamChoice.value,
        teamsUserId: editing?.teamsUserId ?? null,
      };
      try {
        if (editing) await ctx.api('PUT', `/api/admin/agents/${encodeURIComponent(editing._id)}`, body);
        else await ctx.api('POST', '/api/admin/agents', body);
        const done = editing ? w('agentSaved') : w('agentAdded');
        await loadAgents(team);
        say(done);
        agentsBox.querySelector('.agent-form input')?.focus();
      } catch (error) {
        const unplaced = error.fields ? showFieldErrors(add, error) : [error.message];
        formError.textContent = unplaced.join(' ');
      }
    });
    agentsBox.replaceChildren(
      el('h3', { id: titleId, text: w('agents', { team: team.name }) }),
      el('div', { className: 'key-once', role: 'region', 'aria-label': w('keys'), hidden: true }),
      state.agents.length === 0
        ? el('p', { className: 'hint', text: w('noAgents') })
        : el('div', { className: 'scroll' }, [
            el('table', { className: 'agents', 'aria-labelledby': titleId }, [
              el('thead', {}, [
                el(
                  'tr',
                  {},
                  headings.map((text) => el('th', { scope: 'col', text })),
                ),
              ]),
              el(
                'tbody',
                {},
                state.agents.map((agent) =>
                  el('tr', { 'data-agent': agent._id }, [
                    el('th', { scope: 'row', text: agent.name }),
                    el('td', { text: agent.languages.join(', ') }),
                    el('td', { text: agent.timeZone }),
                    el('td', {}, [
                      keysOf(agent).length
                        ? el(
                            'ul',
                            { className: 'keys' },
                            keysOf(agent).map((key) => keyItem(team, agent, key)),
                          )
                        : el('span', { className: 'hint', text: w('noKeys') }),
                    ]),
                    el('td', { className: 'row-actions' }, [
                      el('button', {
                        type: 'button',
                        text: w('edit'),
                        'aria-label': w('editAgent', { agent: agent.name }),
                        onclick: () => edit(agent),
                      }),
                      el('button', {
                        type: 'button',
                        text: w('newKey'),
                        'aria-label': w('newKeyFor', { agent: agent.name }),
                        onclick: () => issueKey(team, agent),
                      }),
                    ]),
                  ]),
                ),
              ),
            ]),
          ]),
      add,
    );
  }

  ctx.onTeamChange((id) => {
    const team = state.teams.find((candidate) => candidate.id === id);
    if (team && team.id !== state.selected?.id) void select(team);
  });
  load().catch((error) => say(error.message));
}
