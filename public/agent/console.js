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
      late: 'Atrasadas y perdidas',
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
      callFrom: 'Llamar desde',
      noCallerNumber: 'ningún número configurado',
      callTypes: { commercial: 'llamada comercial', service: 'llamada de servicio' },
      anotherTime: 'Otra hora',
      laterSlots: 'Más tarde',
      noSlots: 'No hay horas libres.',
      close: 'Cerrar',
      release: 'Liberar',
      reassign: 'Pasar a',
      slotTaken: 'Esa hora ya no está libre. Estas sí:',
      notHolder: 'Solo quien la tiene (o un administrador) puede hacerlo.',
      moved: 'Llamada movida; se le avisará de la nueva hora.',
      week: 'La semana del equipo',
      weekColumns: {
        week: 'Semana',
        team: 'Equipo',
        booked: 'Reservadas',
        keptOnTime: 'A tiempo',
        late: 'Tarde',
        missed: 'Perdidas',
        repaired: 'Reparadas',
        lapsed: 'Caducadas',
        unreachable: 'Ilocalizables',
        cancelled: 'Canceladas',
        open: 'Pendientes',
        ratio: '% a tiempo',
      },
      lateBadge: { missed: 'Perdida', overdue: 'Atrasada' },
      statuses: {
        booked: 'Reservada',
        due: 'Toca llamar',
        retrying: 'Reintentando',
        reached: 'Contactado',
        converted: 'Venta',
        not_interested: 'No le interesa',
        wrong_number: 'Número equivocado',
        missed: 'Perdida: nadie llamó',
        repaired: 'Reparada con otra cita',
        lapsed: 'Caducada sin reparar',
        cancelled: 'Cancelada',
        unreachable: 'Ilocalizable',
        completed: 'Contactado',
      },
      reasons: {
        open_problem: 'tiene un problema abierto: resuélvelo antes de cualquier llamada comercial',
        outside_lawful_window: 'fuera del horario legal de su zona',
        lawful_holiday: 'es festivo donde vive',
        opted_out: 'retiró su consentimiento',
        suppressed: 'está en nuestra lista de exclusión',
        frequency_cap: 'demasiados intentos recientes',
        existing_customer_acquisition: 'ya es cliente: no se le ofrece captación',
        database_unavailable: 'no se pudo comprobar: no llamar',
        caller_number_not_allowed: 'llamada comercial sin número de prefijo comercial configurado (Ley 10/2025)',
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
      late: 'Overdue and missed',
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
      callFrom: 'Call from',
      noCallerNumber: 'no number configured',
      callTypes: { commercial: 'sales call', service: 'service call' },
      anotherTime: 'Another time',
      laterSlots: 'Later',
      noSlots: 'No free times.',
      close: 'Close',
      release: 'Release',
      reassign: 'Hand to',
      slotTaken: 'That time is no longer free. These are:',
      notHolder: 'Only whoever holds it (or an admin) can do that.',
      moved: 'Callback moved; they will be told the new time.',
      week: 'The team’s week',
      weekColumns: {
        week: 'Week',
        team: 'Team',
        booked: 'Booked',
        keptOnTime: 'On time',
        late: 'Late',
        missed: 'Missed',
        repaired: 'Repaired',
        lapsed: 'Lapsed',
        unreachable: 'Unreachable',
        cancelled: 'Cancelled',
        open: 'Open',
        ratio: '% on time',
      },
      lateBadge: { missed: 'Missed', overdue: 'Overdue' },
      statuses: {
        booked: 'Booked',
        due: 'Due',
        retrying: 'Retrying',
        reached: 'Reached',
        converted: 'Converted',
        not_interested: 'Not interested',
        wrong_number: 'Wrong number',
        missed: 'Missed: nobody called',
        repaired: 'Repaired with a new booking',
        lapsed: 'Lapsed unrepaired',
        cancelled: 'Cancelled',
        unreachable: 'Unreachable',
        completed: 'Reached',
      },
      reasons: {
        open_problem: 'has an open problem: resolve it before any sales call',
        outside_lawful_window: 'outside the lawful calling hours of their zone',
        lawful_holiday: 'public holiday where they live',
        opted_out: 'withdrew consent',
        suppressed: 'on our suppression list',
        frequency_cap: 'too many recent attempts',
        existing_customer_acquisition: 'already a customer: no acquisition offers',
        database_unavailable: 'could not be checked: do not call',
        caller_number_not_allowed: 'a sales call with no commercial-prefix number configured (Ley 10/2025)',
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

  var state = { key: sessionStorage.getItem('agentKey') || '', lang: localStorage.getItem('agentLang') || '', me: null, agents: [] };
  var SECTIONS = ['late', 'today', 'upcoming'];
  // The statuses that hold a seat and can still be called, claimed or moved (services/booking/lifecycle.ts).
  var OPEN = ['booked', 'due', 'retrying'];
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

  function isOpen(item) {
    return OPEN.indexOf(item.status) !== -1;
  }

  function callbackPath(item, action) {
    return '/api/agent/callbacks/' + encodeURIComponent(item.callbackId) + (action ? '/' + action : '');
  }

  function slotLabel(slot, item) {
    return formatIn(slot.startUtc, state.me.timeZone) + ' (' + formatIn(slot.startUtc, item.prospectTimeZone) + ' ' + t('their') + ')';
  }

  // "Another time": the free slots the chat would offer this person, a click moves the callback to one.
  function openSlotPicker(item, box, fromUtc, notice) {
    box.textContent = '';
    if (notice) box.appendChild(el('p', { className: 'error', text: notice }));
    var query = '?limit=6' + (fromUtc ? '&from=' + encodeURIComponent(fromUtc) : '');
    api('GET', callbackPath(item, 'slots') + query).then(function (data) {
      renderSlots(item, box, data.slots, true);
    }, showError);
  }

  function renderSlots(item, box, slots, paged) {
    var list = el('div', { className: 'slots', 'data-slots': item.callbackId });
    if (slots.length === 0) list.appendChild(el('span', { className: 'hint', text: t('noSlots') }));
    slots.forEach(function (slot) {
      list.appendChild(
        el('button', {
          type: 'button',
          'data-slot': slot.startUtc,
          text: slotLabel(slot, item),
          onclick: function () {
            moveTo(item, box, slot.startUtc);
          },
        }),
      );
    });
    if (paged && slots.length > 0) {
      var last = slots[slots.length - 1].startUtc;
      list.appendChild(
        el('button', {
          type: 'button',
          'data-action': 'later-slots',
          text: t('laterSlots') + ' →',
          onclick: function () {
            openSlotPicker(item, box, new Date(new Date(last).getTime() + 60000).toISOString());
          },
        }),
      );
    }
    list.appendChild(
      el('button', {
        type: 'button',
        text: t('close'),
        onclick: function () {
          box.textContent = '';
        },
      }),
    );
    box.appendChild(list);
  }

  function moveTo(item, box, startUtc) {
    api('POST', callbackPath(item, 'move'), { startUtc: startUtc }).then(
      function () {
        return load().then(function () {
          $('status').textContent = t('moved');
        });
      },
      function (error) {
        // Taken meanwhile (409) or no longer a slot (422): the nearest free ones instead.
        if (error.body && error.body.alternatives) {
          box.textContent = '';
          box.appendChild(el('p', { className: 'error', text: t('slotTaken') }));
          renderSlots(item, box, error.body.alternatives, false);
          return;
        }
        showError(error);
      },
    );
  }

  function renderItem(item) {
    var mine = item.claim && state.me && item.claim.agentId === state.me._id;
    var admin = state.me && state.me.role === 'admin';
    var allowed = item.contactability.allowed;
    var li = el('li', {
      className: 'callback' + (allowed ? '' : ' blocked') + (isOpen(item) || item.late ? '' : ' done') + (item.late ? ' late' : ''),
      'data-callback': item.callbackId,
    });
    var who = (item.person.name ? item.person.name + ' · ' : '') + item.person.phoneE164;
    li.appendChild(
      el('div', { className: 'line' }, [
        item.late ? el('span', { className: 'badge no', 'data-late': item.late, text: t('lateBadge')[item.late] }) : null,
        el('span', { className: 'time', text: formatIn(item.startUtc, state.me.timeZone) }),
        el('span', { className: 'their', text: '(' + formatIn(item.startUtc, item.prospectTimeZone) + ' ' + t('their') + ')' }),
        el('span', { className: 'person', text: who }),
        el('span', { className: 'badge status', 'data-status': item.status, text: t('statuses')[item.status] || item.status }),
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
    li.appendChild(
      el('p', { className: 'call-from' }, [
        el('strong', { text: t('callFrom') + ': ' }),
        el('span', {
          'data-call-from': item.callFrom.number || 'none',
          text:
            (item.callFrom.number || t('noCallerNumber')) +
            ' (' +
            t('callTypes')[item.callFrom.callType] +
            (item.callFrom.country ? ', ' + item.callFrom.country : '') +
            ')',
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
    var picker = el('div', { className: 'picker' });
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
        api('GET', callbackPath(item)).then(function (detail) {
          history.appendChild(renderTimeline(detail));
          historyButton.textContent = t('hideHistory');
        }, showError);
      },
    });
    actions.appendChild(historyButton);
    if (isOpen(item)) {
      if (!item.claim) {
        actions.appendChild(
          el('button', {
            type: 'button',
            className: 'primary',
            'data-action': 'claim',
            text: t('claim'),
            onclick: function () {
              api('POST', callbackPath(item, 'claim'), {}).then(load, showError);
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
        if (mine || admin) {
          actions.appendChild(
            el('button', {
              type: 'button',
              'data-action': 'release',
              text: t('release'),
              onclick: function () {
                api('POST', callbackPath(item, 'release'), {}).then(load, showError);
              },
            }),
          );
        }
      }
      if (mine || admin) actions.appendChild(reassignControl(item));
      actions.appendChild(
        el('button', {
          type: 'button',
          'data-action': 'another-time',
          text: t('anotherTime'),
          onclick: function () {
            openSlotPicker(item, picker);
          },
        }),
      );
      if (mine) {
        var note = el('textarea', { 'aria-label': t('note'), placeholder: t('note'), 'data-field': 'note' });
        var outcomes = STRINGS[state.lang].outcomes;
        // "Another time" is the picker: an outcome alone would move nothing.
        Object.keys(outcomes)
          .filter(function (outcome) {
            return outcome !== 'reschedule';
          })
          .forEach(function (outcome) {
            actions.appendChild(
              el('button', {
                type: 'button',
                'data-outcome': outcome,
                text: outcomes[outcome],
                onclick: function () {
                  api('POST', callbackPath(item, 'outcome'), { outcome: outcome, note: note.value }).then(load, showError);
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
    li.appendChild(picker);
    li.appendChild(history);
    li._note = function () {
      var area = li.querySelector('textarea');
      return area ? area.value : '';
    };
    return li;
  }

  // Hand the callback to another agent: the holder or an admin (the server decides; this only offers it to them).
  function reassignControl(item) {
    var select = el(
      'select',
      { 'aria-label': t('reassign'), 'data-field': 'reassign-to' },
      state.agents
        .filter(function (agent) {
          return !item.claim || agent._id !== item.claim.agentId;
        })
        .map(function (agent) {
          return el('option', { value: agent._id, text: agent.name });
        }),
    );
    return el('span', { className: 'reassign' }, [
      select,
      el('button', {
        type: 'button',
        'data-action': 'reassign',
        text: t('reassign'),
        onclick: function () {
          if (!select.value) return;
          api('POST', callbackPath(item, 'reassign'), { agentId: select.value }).then(load, showError);
        },
      }),
    ]);
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
    var code = error.body && error.body.code;
    var message =
      code === 'AlreadyClaimed' ? t('claimedElsewhere') + ' ' + error.message : code === 'NotClaimHolder' ? t('notHolder') : error.message;
    $('status').textContent = message;
  }

  function load() {
    $('status').textContent = t('loading');
    return api('GET', '/api/agent/callbacks').then(function (data) {
      // The server's today, in the agent's zone ("2026-11-24T00:00:00.000+01:00"), not the browser's.
      loadWeek(data.from.slice(0, 10));
      // Late ones (missed, or open with their time passed) first, whatever day they were for.
      var sectionOf = function (item) {
        return item.late ? 'late' : item.day;
      };
      SECTIONS.forEach(function (name) {
        var section = $(name);
        var list = section.querySelector('ol');
        list.textContent = '';
        var items = data.callbacks.filter(function (c) {
          return sectionOf(c) === name;
        });
        items.forEach(function (item) {
          list.appendChild(renderItem(item));
        });
        section.hidden = items.length === 0;
      });
      $('status').textContent = data.callbacks.length === 0 ? t('none') : '';
    }, showError);
  }

  // The team's week (Monday to Sunday around `today`, a YYYY-MM-DD) from the promises report. It needs an admin
  // key: shown only when the server answers it, hidden without a word on 403.
  function loadWeek(today) {
    var day = 86400000;
    var noon = new Date(today + 'T12:00:00Z');
    var monday = new Date(noon.getTime() - ((noon.getUTCDay() + 6) % 7) * day);
    var sunday = new Date(monday.getTime() + 6 * day);
    var section = $('week');
    var query = '?from=' + monday.toISOString().slice(0, 10) + '&to=' + sunday.toISOString().slice(0, 10);
    api('GET', '/api/admin/reports/promises' + query).then(
      function (report) {
        renderWeek(report);
        section.hidden = false;
      },
      function (error) {
        if (error.status === 401) return showError(error);
        section.hidden = true;
      },
    );
  }

  function renderWeek(report) {
    var columns = Object.keys(t('weekColumns'));
    var cell = function (row, column) {
      var value = row[column];
      if (column === 'ratio') return value === null || value === undefined ? '—' : Math.round(value * 100) + ' %';
      return value === null || value === undefined ? '—' : String(value);
    };
    var table = $('weekTable');
    table.textContent = '';
    table.appendChild(
      el('thead', {}, [
        el(
          'tr',
          {},
          columns.map(function (column) {
            return el('th', { scope: 'col', text: t('weekColumns')[column] });
          }),
        ),
      ]),
    );
    var rows = (report.weeks || []).map(function (row) {
      return el(
        'tr',
        { 'data-week': row.week + '|' + row.team },
        columns.map(function (column) {
          return el('td', { text: cell(row, column) });
        }),
      );
    });
    if (report.totals && (report.weeks || []).length > 1) {
      var totals = Object.assign({ week: 'Σ', team: report.team || '' }, report.totals);
      rows.push(
        el(
          'tr',
          { className: 'totals' },
          columns.map(function (column) {
            return el('td', { text: cell(totals, column) });
          }),
        ),
      );
    }
    table.appendChild(el('tbody', {}, rows));
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
        return api('GET', '/api/agent/agents')
          .then(function (data) {
            state.agents = data.agents;
          }, showError)
          .then(load);
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
    SECTIONS.concat(['week']).forEach(function (name) {
      $(name).hidden = true;
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
