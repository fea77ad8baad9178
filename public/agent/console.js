// The agent console: plain browser JavaScript, no framework, nothing loaded from elsewhere.
(function () {
  'use strict';

  var STRINGS = {
    es: {
      title: 'Llamadas pendientes',
      language: 'Idioma',
      refresh: 'Actualizar',
      logout: 'Salir',
      keyLabel: 'Tu clave de agente',
      enter: 'Entrar',
      keyHint: 'Te la da un administrador (npm run keys -- create --role agent).',
      today: 'Hoy',
      upcoming: 'Próximas',
      badKey: 'La clave no es válida.',
      loading: 'Cargando…',
      none: 'No hay llamadas pendientes.',
      their: 'su hora',
      canCall: 'Se puede llamar ahora',
      cannotCall: 'No llamar ahora',
      nextAt: 'a partir de',
      model: 'Resumen (modelo)',
      deterministic: 'Resumen (automático, sin modelo)',
      openProblem: 'Problema abierto',
      wants: 'Quiere',
      problems: 'Problemas',
      objections: 'Objeciones',
      promises: 'Prometido',
      questions: 'Preguntas',
      preferredTime: 'Hora preferida',
      consent: 'Consentimiento',
      calls: 'Llamadas',
      opening: 'Para empezar la llamada',
      unverified: '(dicho desde una cuenta no verificada)',
      bookedUnverified: 'Reservada con un número sin verificar: confirma con quién hablas',
      history: 'Ver historial',
      hideHistory: 'Ocultar historial',
      claim: 'Reclamar',
      claimedBy: 'Reclamada por',
      you: 'ti',
      note: 'Nota (opcional)',
      openProblemBtn: 'Abrir problema',
      resolve: 'Marcar resuelto',
      claimedElsewhere: 'Otra persona ya la ha reclamado:',
      saved: 'Guardado.',
      unverifiedHistory: 'Mensajes desde una cuenta que no ha verificado el número',
      reasons: {
        open_problem: 'tiene un problema abierto: resuélvelo antes de cualquier llamada comercial',
        outside_lawful_window: 'fuera del horario legal de su zona',
        lawful_holiday: 'es festivo donde vive',
        opted_out: 'retiró su consentimiento',
        suppressed: 'está en nuestra lista de exclusión',
        frequency_cap: 'demasiados intentos recientes',
        existing_customer_acquisition: 'ya es cliente: no se le ofrece captación',
        database_unavailable: 'no se pudo comprobar: no llamar',
      },
      granted: 'concedido',
      withdrawn: 'retirado',
      noneConsent: 'sin registrar',
      folded: 'entradas antiguas resumidas',
      outcomes: {
        reached: 'Contactado',
        no_answer: 'No contesta',
        busy: 'Comunica',
        voicemail: 'Buzón de voz',
        reschedule: 'Otra hora',
        not_interested: 'No le interesa',
        wrong_number: 'Número equivocado',
        converted: 'Venta',
      },
    },
    en: {
      title: 'Callbacks',
      language: 'Language',
      refresh: 'Refresh',
      logout: 'Sign out',
      keyLabel: 'Your agent key',
      enter: 'Sign in',
      keyHint: 'An admin gives you one (npm run keys -- create --role agent).',
      today: 'Today',
      upcoming: 'Upcoming',
      badKey: 'That key is not valid.',
      loading: 'Loading…',
      none: 'No callbacks due.',
      their: 'their time',
      canCall: 'May call now',
      cannotCall: 'Do not call now',
      nextAt: 'from',
      model: 'Summary (model)',
      deterministic: 'Summary (automatic, no model)',
      openProblem: 'Open problem',
      wants: 'Wants',
      problems: 'Problems',
      objections: 'Objections',
      promises: 'Promised',
      questions: 'Questions',
      preferredTime: 'Preferred time',
      consent: 'Consent',
      calls: 'Calls',
      opening: 'To open the call',
      unverified: '(said from an unverified account)',
      bookedUnverified: 'Booked with an unverified number: check who you are speaking to',
      history: 'Show history',
      hideHistory: 'Hide history',
      claim: 'Claim',
      claimedBy: 'Claimed by',
      you: 'you',
      note: 'Note (optional)',
      openProblemBtn: 'Open a problem',
      resolve: 'Mark resolved',
      claimedElsewhere: 'Someone else already claimed it:',
      saved: 'Saved.',
      unverifiedHistory: 'Messages from an account that has not verified the number',
      reasons: {
        open_problem: 'has an open problem: resolve it before any sales call',
        outside_lawful_window: 'outside the lawful calling hours of their zone',
        lawful_holiday: 'public holiday where they live',
        opted_out: 'withdrew consent',
        suppressed: 'on our suppression list',
        frequency_cap: 'too many recent attempts',
        existing_customer_acquisition: 'already a customer: no acquisition offers',
        database_unavailable: 'could not be checked: do not call',
      },
      granted: 'granted',
      withdrawn: 'withdrawn',
      noneConsent: 'not recorded',
      folded: 'older entries summarised',
      outcomes: {
        reached: 'Reached',
        no_answer: 'No answer',
        busy: 'Busy',
        voicemail: 'Voicemail',
        reschedule: 'Another time',
        not_interested: 'Not interested',
        wrong_number: 'Wrong number',
        converted: 'Converted',
      },
    },
  };

  var state = { key: sessionStorage.getItem('agentKey') || '', lang: localStorage.getItem('agentLang') || '', me: null };
  var $ = function (id) {
    return document.getElementById(id);
  };
  function t(name) {
    return STRINGS[state.lang][name];
  }

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (name) {
      if (name === 'text') node.textContent = attrs[name];
      else if (name === 'className') node.className = attrs[name];
      else if (name.indexOf('on') === 0) node.addEventListener(name.slice(2), attrs[name]);
      else node.setAttribute(name, attrs[name]);
    });
    (children || []).forEach(function (child) {
      if (child) node.appendChild(child);
    });
    return node;
  }

  function api(method, path, body) {
    return fetch(path, {
      method: method,
      headers: Object.assign({ 'x-api-key': state.key }, body ? { 'content-type': 'application/json' } : {}),
      body: body ? JSON.stringify(body) : undefined,
    }).then(function (response) {
      return response.text().then(function (text) {
        var data = text ? JSON.parse(text) : {};
        if (!response.ok) {
          var error = new Error(data.message || response.status);
          error.status = response.status;
          error.body = data;
          throw error;
        }
        return data;
      });
    });
  }

  function formatIn(iso, zone) {
    return new Intl.DateTimeFormat(state.lang === 'es' ? 'es-ES' : 'en-GB', {
      weekday: 'short',
      day: 'numeric',
      month: 'short',
      hour: '2-digit',
      minute: '2-digit',
      timeZone: zone,
    }).format(new Date(iso));
  }

  function translatePage() {
    document.documentElement.lang = state.lang;
    document.querySelectorAll('[data-t]').forEach(function (node) {
      node.textContent = t(node.getAttribute('data-t'));
    });
    $('lang').value = state.lang;
  }

  function claimList(label, claims) {
    if (!claims || claims.length === 0) return [];
    return [
      el('dt', { text: label }),
      el(
        'dd',
        {},
        claims.map(function (claim) {
          return el('div', {}, [
            document.createTextNode(claim.text + ' '),
            claim.unverified ? el('span', { className: 'unverified', text: t('unverified') }) : null,
          ]);
        }),
      ),
    ];
  }

  function renderSummary(item) {
    var doc = item.summary;
    if (!doc) return el('p', { text: '—' });
    var s = doc.summary;
    var nodes = [];
    s.openProblems.forEach(function (problem) {
      nodes.push(
        el('div', { className: 'problem' }, [
          document.createTextNode('⚠ ' + t('openProblem') + ': ' + problem.text + ' '),
          el('button', {
            type: 'button',
            'data-action': 'resolve',
            text: t('resolve'),
            onclick: function () {
              resolveProblem(item, problem.problemId);
            },
          }),
        ]),
      );
    });
    nodes.push(el('span', { className: 'badge kind', text: t(s.kind) }));
    nodes.push(el('p', { className: 'paragraph', text: s.paragraph[state.lang] }));
    var dl = el('dl', { className: 'claims' });
    claimList(t('wants'), s.wants)
      .concat(
        claimList(
          t('problems'),
          s.problems.filter(function (p) {
            return p.kind === 'problem';
          }),
        ),
      )
      .concat(
        claimList(
          t('objections'),
          s.problems.filter(function (p) {
            return p.kind === 'objection';
          }),
        ),
      )
      .concat(claimList(t('promises'), s.promises))
      .concat(claimList(t('preferredTime'), s.preferredTime ? [s.preferredTime] : []))
      .concat(claimList(t('questions'), s.questionsForAgent))
      .concat([el('dt', { text: t('consent') }), el('dd', { text: t(s.consent.status === 'none' ? 'noneConsent' : s.consent.status) })])
      .concat(
        s.callbacks.some(function (c) {
          return c.outcome;
        })
          ? [
              el('dt', { text: t('calls') }),
              el(
                'dd',
                {},
                s.callbacks
                  .filter(function (c) {
                    return c.outcome;
                  })
                  .map(function (c) {
                    return el('div', {
                      text:
                        formatIn(c.startUtc, state.me.timeZone) +
                        ': ' +
                        STRINGS[state.lang].outcomes[c.outcome] +
                        (c.note ? ' — «' + c.note + '»' : ''),
                    });
                  }),
              ),
            ]
          : [],
      )
      .forEach(function (node) {
        dl.appendChild(node);
      });
    nodes.push(dl);
    if (s.folded.count > 0) nodes.push(el('p', { className: 'hint', text: s.folded.count + ' ' + t('folded') }));
    nodes.push(el('p', { className: 'opening' }, [el('strong', { text: t('opening') + ': ' }), document.createTextNode(s.openingLine)]));
    return el('div', { className: 'summary' }, nodes);
  }

  function renderTimeline(detail) {
    var list = function (entries) {
      return el(
        'ol',
        { className: 'timeline' },
        entries.map(function (entry) {
          var who = entry.direction === 'inbound' ? '👤 ' : entry.direction === 'outbound' ? '🤖 ' : '· ';
          var text = entry.text + (entry.note ? ' — «' + entry.note + '»' : '');
          return el('li', {
            className: entry.direction,
            'data-entry': entry._id,
            text: formatIn(entry.at, state.me.timeZone) + ' ' + who + '[' + entry.channelId + '] ' + text,
          });
        }),
      );
    };
    var nodes = [list(detail.timeline)];
    if (detail.claimedTimeline.length > 0) {
      nodes.push(el('h4', { text: t('unverifiedHistory') }));
      nodes.push(list(detail.claimedTimeline));
    }
    return el('div', { className: 'history' }, nodes);
  }

  function renderItem(item) {
    var mine = item.claim && state.me && item.claim.agentId === state.me._id;
    var allowed = item.contactability.allowed;
    var li = el('li', {
      className: 'callback' + (allowed ? '' : ' blocked') + (item.status !== 'booked' ? ' done' : ''),
      'data-callback': item.callbackId,
    });
    var who = (item.person.name ? item.person.name + ' · ' : '') + item.person.phoneE164;
    li.appendChild(
      el('div', { className: 'line' }, [
        el('span', { className: 'time', text: formatIn(item.startUtc, state.me.timeZone) }),
        el('span', { className: 'their', text: '(' + formatIn(item.startUtc, item.prospectTimeZone) + ' ' + t('their') + ')' }),
        el('span', { className: 'person', text: who }),
        item.bookedBy && item.bookedBy.assurance === 'claimed'
          ? el('span', { className: 'badge unverified', 'data-booked-by': 'claimed', text: t('bookedUnverified') })
          : null,
        el('span', {
          className: 'badge ' + (allowed ? 'ok' : 'no'),
          'data-contactability': allowed ? 'allowed' : 'refused',
          text: allowed
            ? t('canCall')
            : t('cannotCall') +
              (item.contactability.nextAllowedAt
                ? ' (' + t('nextAt') + ' ' + formatIn(item.contactability.nextAllowedAt, state.me.timeZone) + ')'
                : ''),
        }),
      ]),
    );
    if (!allowed)
      li.appendChild(
        el('p', {
          className: 'reasons',
          text: item.contactability.reasons
            .map(function (r) {
              return t('reasons')[r.code] || r.message;
            })
            .join(' · '),
        }),
      );
    li.appendChild(renderSummary(item));

    var actions = el('div', { className: 'actions' });
    var history = el('div');
    var historyButton = el('button', {
      type: 'button',
      'data-action': 'history',
      text: t('history'),
      onclick: function () {
        if (history.firstChild) {
          history.textContent = '';
          historyButton.textContent = t('history');
          return;
        }
        api('GET', '/api/agent/callbacks/' + encodeURIComponent(item.callbackId)).then(function (detail) {
          history.appendChild(renderTimeline(detail));
          historyButton.textContent = t('hideHistory');
        }, showError);
      },
    });
    actions.appendChild(historyButton);
    if (item.status === 'booked') {
      if (!item.claim) {
        actions.appendChild(
          el('button', {
            type: 'button',
            className: 'primary',
            'data-action': 'claim',
            text: t('claim'),
            onclick: function () {
              api('POST', '/api/agent/callbacks/' + encodeURIComponent(item.callbackId) + '/claim', {}).then(load, showError);
            },
          }),
        );
      } else {
        actions.appendChild(
          el('span', {
            className: 'badge',
            'data-claimed-by': item.claim.agentName,
            text: t('claimedBy') + ' ' + (mine ? t('you') : item.claim.agentName),
          }),
        );
      }
      if (mine) {
        var note = el('textarea', { 'aria-label': t('note'), placeholder: t('note'), 'data-field': 'note' });
        var outcomes = STRINGS[state.lang].outcomes;
        Object.keys(outcomes).forEach(function (outcome) {
          actions.appendChild(
            el('button', {
              type: 'button',
              'data-outcome': outcome,
              text: outcomes[outcome],
              onclick: function () {
                api('POST', '/api/agent/callbacks/' + encodeURIComponent(item.callbackId) + '/outcome', {
                  outcome: outcome,
                  note: note.value,
                }).then(load, showError);
              },
            }),
          );
        });
        actions.appendChild(note);
        actions.appendChild(
          el('button', {
            type: 'button',
            'data-action': 'open-problem',
            text: t('openProblemBtn'),
            onclick: function () {
              if (!note.value.trim()) {
                note.focus();
                return;
              }
              api('POST', '/api/agent/people/' + encodeURIComponent(item.person.id) + '/problems', { text: note.value }).then(
                load,
                showError,
              );
            },
          }),
        );
      }
    }
    li.appendChild(actions);
    li.appendChild(history);
    li._note = function () {
      var area = li.querySelector('textarea');
      return area ? area.value : '';
    };
    return li;
  }

  function resolveProblem(item, problemId) {
    var li = document.querySelector('[data-callback="' + item.callbackId + '"]');
    var resolution = (li && li._note && li._note()) || t('resolve');
    api('POST', '/api/agent/problems/' + encodeURIComponent(problemId) + '/resolve', { resolution: resolution }).then(load, showError);
  }

  function showError(error) {
    if (error.status === 401) {
      signOut(t('badKey'));
      return;
    }
    var message = error.status === 409 ? t('claimedElsewhere') + ' ' + error.message : error.message;
    $('status').textContent = message;
  }

  function load() {
    $('status').textContent = t('loading');
    return api('GET', '/api/agent/callbacks').then(function (data) {
      ['today', 'upcoming'].forEach(function (day) {
        var section = $(day);
        var list = section.querySelector('ol');
        list.textContent = '';
        var items = data.callbacks.filter(function (c) {
          return c.day === day;
        });
        items.forEach(function (item) {
          list.appendChild(renderItem(item));
        });
        section.hidden = items.length === 0;
      });
      $('status').textContent = data.callbacks.length === 0 ? t('none') : '';
    }, showError);
  }

  function signIn() {
    return api('GET', '/api/agent/me').then(
      function (me) {
        state.me = me;
        if (!state.lang) state.lang = (me.languages && me.languages[0]) || (navigator.language.indexOf('en') === 0 ? 'en' : 'es');
        translatePage();
        $('who').textContent = me.name + ' · ' + me.timeZone;
        $('login').hidden = true;
        $('loginError').textContent = '';
        $('refresh').hidden = false;
        $('logout').hidden = false;
        return load();
      },
      function (error) {
        signOut(error.status === 401 ? t('badKey') : error.message);
      },
    );
  }

  function signOut(message) {
    sessionStorage.removeItem('agentKey');
    state.key = '';
    $('login').hidden = false;
    $('refresh').hidden = true;
    $('logout').hidden = true;
    ['today', 'upcoming'].forEach(function (day) {
      $(day).hidden = true;
    });
    $('who').textContent = '';
    $('loginError').textContent = message || '';
  }

  $('login').addEventListener('submit', function (event) {
    event.preventDefault();
    state.key = $('key').value.trim();
    sessionStorage.setItem('agentKey', state.key);
    signIn();
  });
  $('lang').addEventListener('change', function () {
    state.lang = $('lang').value;
    localStorage.setItem('agentLang', state.lang);
    translatePage();
    if (state.me) load();
  });
  $('refresh').addEventListener('click', function () {
    load();
  });
  $('logout').addEventListener('click', function () {
    signOut('');
  });

  state.lang = state.lang || (navigator.language.indexOf('en') === 0 ? 'en' : 'es');
  translatePage();
  if (state.key) signIn();
})();
