// The Web Chat page: Microsoft's botframework-webchat (window.WebChat, served from node_modules), talking
// Direct Line to this bot's own local subset, or to Azure with a token our server obtained.
(function () {
  'use strict';
  var config = JSON.parse(document.getElementById('webchat-config').textContent);
  var browserLocale = (navigator.languages && navigator.languages[0]) || navigator.language || 'es-ES';
  var language = /^en\b/i.test(browserLocale) ? 'en' : 'es';
  var locale =
    language === 'en' ? (/^en/i.test(browserLocale) ? browserLocale : 'en-US') : /^es/i.test(browserLocale) ? browserLocale : 'es-ES';
  var strings = config.strings[language];
  var SESSION_KEY = 'callbackbot.webchat.session';
  // The team this page is the entry point of: `/?team=<entry>`, or the embed's `data-team` (on this script or on
  // the chat's element). The bot checks it (a slug naming a team's entry) and routes by it; anything else is ignored.
  var script = document.currentScript;
  var entryTeam =
    new URLSearchParams(location.search).get('team') ||
    (script && script.getAttribute('data-team')) ||
    document.getElementById('webchat').getAttribute('data-team') ||
    null;

  document.documentElement.lang = language;
  document.title = strings.pageTitle;
  document.getElementById('title').textContent = strings.pageTitle;
  document.getElementById('intro').textContent = strings.pageIntro;
  document.getElementById('stop-line').textContent = strings.pageStopLine;
  document.getElementById('webchat').setAttribute('aria-label', strings.pageChatLabel);
  document.getElementById('connection').textContent = strings.pageConnectionLost;

  function savedSession() {
    try {
      var saved = JSON.parse(sessionStorage.getItem(SESSION_KEY) || 'null');
      return saved && saved.token && saved.conversationId ? saved : null;
    } catch {
      return null;
    }
  }

  function newSession() {
    return fetch(config.tokenUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ locale: locale }),
    }).then(function (response) {
      if (!response.ok) throw new Error('token request failed: ' + response.status);
      return response.json();
    });
  }

  function start(session, resuming) {
    var directLine = window.WebChat.createDirectLine({
      token: session.token,
      domain: config.directLineDomain || location.origin + '/v3/directline',
      conversationId: resuming ? session.conversationId : undefined,
      webSocket: true,
    });
    var abandoned = false;
    var remember = function () {
      if (abandoned) return;
      sessionStorage.setItem(
        SESSION_KEY,
        JSON.stringify({ token: directLine.token || session.token, conversationId: session.conversationId }),
      );
    };
    remember();
    window.addEventListener('pagehide', remember);
    setInterval(remember, 60 * 1000); // directlinejs refreshes its token every 15 minutes

    directLine.connectionStatus$.subscribe(function (status) {
      // 3 ExpiredToken, 4 FailedToConnect: a saved conversation that can no longer be reopened starts afresh.
      if (resuming && (status === 3 || status === 4)) {
        abandoned = true;
        sessionStorage.removeItem(SESSION_KEY);
        location.reload();
      } else if (status === 3 || status === 4 || status === 5) {
        document.getElementById('connection').hidden = false;
      } else if (status === 2) {
        resuming = false;
        document.getElementById('connection').hidden = true;
      }
    });

    // Every activity the page sends names the team's entry (channelData.entryTeam), whichever Direct Line carries it.
    var store = window.WebChat.createStore({}, function () {
      return function (next) {
        return function (action) {
          if (entryTeam && action.type === 'DIRECT_LINE/POST_ACTIVITY') {
            var activity = action.payload.activity;
            var channelData = Object.assign({}, activity.channelData, { entryTeam: entryTeam });
            action = Object.assign({}, action, {
              payload: Object.assign({}, action.payload, { activity: Object.assign({}, activity, { channelData: channelData }) }),
            });
          }
          return next(action);
        };
      };
    });

    window.WebChat.renderWebChat(
      {
        directLine: directLine,
        store: store,
        locale: locale,
        userID: undefined, // the user id is the token's, never the page's
        styleOptions: {
          accent: '#0b6e4f',
          primaryFont: "'Segoe UI', system-ui, -apple-system, 'Helvetica Neue', Arial, sans-serif",
          backgroundColor: '#f7f8f6',
          bubbleBackground: '#ffffff',
          bubbleBorderColor: '#d9ded9',
          bubbleBorderRadius: 12,
          bubbleFromUserBackground: '#0b6e4f',
          bubbleFromUserTextColor: '#ffffff',
          bubbleFromUserBorderColor: '#0b6e4f',
          bubbleFromUserBorderRadius: 12,
          botAvatarInitials: language === 'en' ? 'CB' : 'AL',
          hideUploadButton: true,
          suggestedActionLayout: 'stacked',
          suggestedActionBackgroundColor: '#ffffff',
          suggestedActionBorderColor: '#0b6e4f',
          suggestedActionTextColor: '#0b6e4f',
          suggestedActionBorderRadius: 8,
          sendBoxButtonColor: '#0b6e4f',
          rootHeight: '100%',
          rootWidth: '100%',
        },
      },
      document.getElementById('webchat'),
    );
    var input = document.querySelector('#webchat input, #webchat textarea');
    if (input) input.focus();
  }

  var saved = savedSession();
  if (saved) {
    start(saved, true);
  } else {
    newSession().then(
      function (session) {
        start(session, false);
      },
      function () {
        document.getElementById('connection').hidden = false;
      },
    );
  }
})();
