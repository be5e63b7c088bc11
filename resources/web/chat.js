// SPDX-License-Identifier: GPL-3.0-or-later
// The customer's chat page. Plain JavaScript, no framework. Messages are placed by their
// server-assigned seq, so whatever order the event stream, the polling and the answers to
// sends arrive in, none is missing or shown twice. Text goes into the page only through
// textContent: nothing a customer, an agent or the assistant writes is read as HTML.
(() => {
  'use strict';

  const POLL_INTERVAL_MS = 2000;
  const STREAM_RETRY_MS = 5000;
  const SEND_RETRY_DELAYS_MS = [1000, 2000, 4000, 8000];
  const STORAGE_KEY = 'frontline.chat';
  const TYPING_EVERY_MS = 3000;     // the customer's typing is told at most this often
  const TYPING_SHOWN_MS = 6000;     // an agent's "is typing…" goes after this without news

  // ---- Language and texts -------------------------------------------------------------
  const TEXTS = window.FrontlineTexts;
  const language = (() => {
    const wanted = navigator.languages && navigator.languages.length ? navigator.languages : [navigator.language || 'en'];
    for (const tag of wanted) {
      const base = String(tag).toLowerCase().split('-')[0];
      if (Object.prototype.hasOwnProperty.call(TEXTS, base)) return base;
    }
    return 'en';
  })();
  const text = (key, values = {}) =>
    (TEXTS[language][key] || TEXTS.en[key] || key).replace(/\{(\w+)\}/g, (whole, name) =>
      Object.prototype.hasOwnProperty.call(values, name) ? String(values[name]) : whole);

  // ---- Elements -------------------------------------------------------------------------
  const $ = (id) => document.getElementById(id);
  const ui = {
    status: $('status'), handoff: $('handoff'), notice: $('notice'), noticeText: $('notice-text'),
    noticeAction: $('notice-action'), messages: $('messages'), loading: $('loading'), list: $('message-list'),
    newMessages: $('new-messages'), announcer: $('announcer'), form: $('composer'), input: $('input'),
    send: $('send'), typing: $('typing'),
  };

  // ---- State ----------------------------------------------------------------------------
  const state = {
    sessionId: null,
    token: null,
    status: null,
    agentName: null,
    messages: new Map(),   // seq -> message
    pending: new Map(),    // clientMessageId -> {text, element, attempts}
    streaming: new Map(),  // seq of the question -> element of the answer being written
    lastSeq: 0,
    stream: null,
    connecting: false,     // a stream ticket is being fetched
    polling: null,
    streamRetry: null,
    pollPausedUntil: 0,    // after a 429 on the history, until its Retry-After
    rateLimitedUntil: 0,
    countdown: null,
    started: false,
    gone: false,           // the server no longer knows the session (or its token)
    typingSentAt: 0,       // when the customer's typing was last told to the server
    agentTyping: null,     // {name, timer} while an agent is typing
    seenSent: 0,           // the highest seq told to the server as seen
    seenSending: false,
  };

  // ---- Small helpers --------------------------------------------------------------------
  const newId = () => {
    if (window.crypto && typeof window.crypto.randomUUID === 'function') return window.crypto.randomUUID();
    const bytes = new Uint8Array(16);
    window.crypto.getRandomValues(bytes);
    return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
  };
  const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
  const timeFormat = new Intl.DateTimeFormat(language, { hour: '2-digit', minute: '2-digit' });

  class HttpError extends Error {
    constructor(status, body, retryAfter) {
      super((body && body.error && body.error.message) || `HTTP ${status}`);
      this.status = status;
      this.code = body && body.error && body.error.code;
      this.retryAfter = retryAfter;
    }
  }

  async function call(method, path, body) {
    const headers = { Accept: 'application/json' };
    if (state.token) headers.Authorization = `Bearer ${state.token}`;
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    let response;
    try {
      response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), cache: 'no-store' });
    } catch (networkError) {
      throw new HttpError(0, null, 0);
    }
    let json = null;
    try { json = await response.json(); } catch (notJson) { json = null; }
    if (!response.ok) throw new HttpError(response.status, json, Number(response.headers.get('Retry-After')) || 0);
    return json;
  }
  // The server's own sentence, shown as it is sent: the server writes it for the customer.
  const reason = (error) => (error.status === 0 ? text('unreachable') : error.message);
  // Worth trying again as it is: the network, a timeout, the server's trouble.
  const isTransient = (error) => error.status === 0 || error.status === 408 || error.status >= 500;
  // The session was deleted, or its token is no longer valid: nothing can be done with it.
  const isSessionGone = (error) => error.status === 401 || error.status === 404 || error.status === 410;
  const transientNotice = (error) => text(error.status === 0 ? 'offline' : 'serverTrouble');

  // ---- Session storage --------------------------------------------------------------------
  function loadStoredSession() {
    try {
      const stored = JSON.parse(window.localStorage.getItem(STORAGE_KEY) || 'null');
      if (stored && typeof stored.sessionId === 'string' && typeof stored.sessionToken === 'string') return stored;
    } catch (unreadable) { /* a new session then */ }
    return null;
  }
  function storeSession() {
    try {
      window.localStorage.setItem(STORAGE_KEY, JSON.stringify({ sessionId: state.sessionId, sessionToken: state.token }));
    } catch (storageFull) { /* the chat works, a reload starts anew */ }
  }
  function forgetSession() {
    try { window.localStorage.removeItem(STORAGE_KEY); } catch (ignored) { /* nothing stored */ }
  }

  // ---- Rendering -------------------------------------------------------------------------
  function authorOf(message) {
    switch (message.role) {
      case 'USER': return text('you');
      case 'ASSISTANT': return text('assistant');
      case 'AGENT': return message.agentName ? text('agentNamed', { name: message.agentName }) : text('agent');
      default: return text('system');
    }
  }

  function messageElement(role, author, content, time) {
    const item = document.createElement('li');
    item.className = `message ${role.toLowerCase()}`;
    const meta = document.createElement('div');
    meta.className = 'meta';
    const who = document.createElement('span');
    who.className = 'author';
    who.textContent = author;
    meta.append(who);
    if (time) {
      const when = document.createElement('time');
      when.dateTime = time.toISOString();
      when.textContent = timeFormat.format(time);
      meta.append(' · ', when);
    }
    const body = document.createElement('p');
    body.className = 'text';
    body.textContent = content;
    item.append(meta, body);
    return item;
  }

  function isNearBottom() {
    const m = ui.messages;
    return m.scrollHeight - m.scrollTop - m.clientHeight < 48;
  }
  function scrollToBottom() {
    ui.messages.scrollTop = ui.messages.scrollHeight;
    ui.newMessages.hidden = true;
  }
  // Keeps the customer's place: follows new messages only when already at the bottom.
  function afterInsert(wasAtBottom, fromSomeoneElse) {
    if (wasAtBottom) scrollToBottom();
    else if (fromSomeoneElse) ui.newMessages.hidden = false;
  }

  function addMessage(message) {
    if (!message || typeof message.seq !== 'number' || message.sessionId !== state.sessionId) return;
    if (state.messages.has(message.seq)) return; // already shown: a replay, a poll, a retry
    const wasAtBottom = isNearBottom();
    state.messages.set(message.seq, message);
    state.lastSeq = Math.max(state.lastSeq, message.seq);

    // The customer's own message replaces its pending copy.
    if (message.clientMessageId && state.pending.has(message.clientMessageId)) {
      state.pending.get(message.clientMessageId).element.remove();
      state.pending.delete(message.clientMessageId);
    }
    // A streamed answer is replaced by the stored whole.
    for (const [question, element] of state.streaming) {
      if (message.role === 'ASSISTANT' && question < message.seq) {
        element.remove();
        state.streaming.delete(question);
      }
    }
    // Servers older than the status event's agentName name the agent only in its messages.
    if (message.role === 'AGENT' && message.agentName && !state.agentName && state.status === 'ASSIGNED') {
      state.agentName = message.agentName;
      showStatus();
    }

    const element = messageElement(message.role, authorOf(message), message.content, new Date(message.createdAt));
    element.dataset.seq = String(message.seq);
    // In seq order, before anything with a higher seq and before pending messages.
    let before = null;
    for (const child of ui.list.children) {
      if (child.dataset.pending !== undefined || Number(child.dataset.seq) > message.seq) { before = child; break; }
    }
    ui.list.insertBefore(element, before);

    if (state.started && message.role !== 'USER')
      ui.announcer.textContent = text('announceMessage', { author: authorOf(message), text: message.content });
    if (message.role === 'AGENT') agentStoppedTyping(); // what they were typing has come
    else showTyping();
    afterInsert(wasAtBottom, message.role !== 'USER');
    if (message.role !== 'USER' && state.started) tellSeen();
  }

  function addMessages(messages) {
    for (const message of [...messages].sort((a, b) => a.seq - b.seq)) addMessage(message);
  }

  function showDelta(delta) {
    if (!delta || delta.sessionId !== state.sessionId) return;
    if ([...state.messages.values()].some((m) => m.role === 'ASSISTANT' && m.seq > delta.replyTo)) return;
    const wasAtBottom = isNearBottom();
    let element = state.streaming.get(delta.replyTo);
    if (!element) {
      element = messageElement('ASSISTANT', text('assistant'), '', null);
      element.dataset.pending = 'streaming';
      element.setAttribute('aria-label', text('typing'));
      ui.list.append(element);
      state.streaming.set(delta.replyTo, element);
    }
    element.querySelector('.text').textContent += delta.text;
    showTyping();
    afterInsert(wasAtBottom, false);
  }

  // ---- Typing and seen ---------------------------------------------------------------------
  // One line under the messages: the assistant writing (while its answer streams) wins over an
  // agent typing, who is named as the customer sees them.
  function showTyping() {
    let line = '';
    if (state.streaming.size) line = text('typing');
    else if (state.agentTyping) {
      line = state.agentTyping.name ? text('agentTyping', { name: state.agentTyping.name }) : text('agentTypingUnnamed');
    }
    ui.typing.textContent = line;
    ui.typing.hidden = !line;
  }
  function agentTyping(event) {
    if (!event || event.sessionId !== state.sessionId || event.who !== 'agent') return;
    if (state.agentTyping) clearTimeout(state.agentTyping.timer);
    state.agentTyping = { name: event.name || '', timer: setTimeout(agentStoppedTyping, TYPING_SHOWN_MS) };
    showTyping();
  }
  function agentStoppedTyping() {
    if (state.agentTyping) clearTimeout(state.agentTyping.timer);
    state.agentTyping = null;
    showTyping();
  }

  // Told while the customer types, at most every TYPING_EVERY_MS; nothing once the box is
  // empty (cleared or sent), so agents stop seeing it a few seconds later. A refusal or a
  // lost request changes nothing for the customer: typing is news of a moment.
  function customerTyping() {
    if (!state.sessionId || state.gone || ui.input.disabled) return;
    if (!ui.input.value.trim()) { state.typingSentAt = 0; return; }
    const now = Date.now();
    if (now - state.typingSentAt < TYPING_EVERY_MS) return;
    state.typingSentAt = now;
    call('POST', '/api/chat/typing', { sessionId: state.sessionId }).catch(() => {});
  }

  // Once an agent's or the assistant's message is on the screen (the page shown, not in a
  // background tab), the server is told the newest seq seen, which only grows.
  function newestSeenSeq() {
    let newest = 0;
    for (const message of state.messages.values()) {
      if (message.role !== 'USER' && message.seq > newest) newest = message.seq;
    }
    return newest;
  }
  async function tellSeen() {
    if (state.seenSending || state.gone || !state.sessionId || document.visibilityState === 'hidden') return;
    const seq = newestSeenSeq();
    if (seq <= state.seenSent) return;
    state.seenSending = true;
    try {
      await call('POST', '/api/chat/seen', { sessionId: state.sessionId, seq });
      state.seenSent = seq;
    } catch (error) {
      // Told again with the next message or when the page is shown again.
    } finally {
      state.seenSending = false;
    }
    if (newestSeenSeq() > state.seenSent) setTimeout(tellSeen, 0);
  }

  // ---- Status, notices, the composer --------------------------------------------------------
  // `agentName`, when the server gives it, names the agent who has joined.
  function setStatus(status, agentName) {
    if (!status) return;
    const name = status !== 'ASSIGNED' ? null : agentName || state.agentName;
    if (status === state.status && name === state.agentName) return;
    state.status = status;
    state.agentName = name;
    // Away from the assistant (an agent took over, the customer asked for a human, closed):
    // the server drops the answer it was writing, so its words go too.
    if (status !== 'ACTIVE') {
      for (const element of state.streaming.values()) element.remove();
      state.streaming.clear();
      showTyping();
    }
    if (status !== 'ASSIGNED') agentStoppedTyping();
    showStatus();
  }
  function showStatus() {
    const s = state.status;
    ui.status.textContent = s === 'WAITING' ? text('statusWaiting')
      : s === 'ASSIGNED' ? (state.agentName ? text('statusAssignedNamed', { name: state.agentName }) : text('statusAssigned'))
      : s === 'CLOSED' ? text('statusClosed')
      : text('statusActive');
    ui.status.dataset.status = s || '';
    ui.handoff.disabled = s !== 'ACTIVE';
    if (s === 'CLOSED') showNotice(text('closedNotice'), text('newConversation'), startNewConversation);
    updateComposer();
  }

  function startNewConversation() {
    forgetSession();
    window.location.reload();
  }
  // No more updates, no more sending: the way on is a new conversation.
  function sessionGone() {
    state.gone = true;
    clearTimeout(state.streamRetry);
    if (state.stream) state.stream.close();
    state.stream = null;
    stopPolling();
    ui.handoff.disabled = true;
    showNotice(text('sessionGone'), text('newConversation'), startNewConversation);
    updateComposer();
  }

  function showNotice(message, actionLabel, action) {
    ui.noticeText.textContent = message;
    ui.notice.hidden = false;
    ui.noticeAction.hidden = !actionLabel;
    ui.noticeAction.textContent = actionLabel || '';
    ui.noticeAction.onclick = action || null;
  }
  function hideNotice() {
    // The keyboard's place is not lost with the notice's button (its "Retry" was just pressed).
    if (document.activeElement === ui.noticeAction) (ui.input.disabled ? ui.messages : ui.input).focus();
    ui.notice.hidden = true;
    ui.noticeAction.onclick = null;
  }

  function updateComposer() {
    const limited = Date.now() < state.rateLimitedUntil;
    const usable = Boolean(state.sessionId) && state.status !== 'CLOSED' && !state.gone;
    ui.input.disabled = !usable;
    ui.send.disabled = !usable || limited;
    ui.send.textContent = limited
      ? text('rateLimitedShort', { seconds: Math.ceil((state.rateLimitedUntil - Date.now()) / 1000) })
      : text('send');
  }

  function startCountdown(seconds) {
    state.rateLimitedUntil = Date.now() + Math.max(1, seconds) * 1000;
    clearInterval(state.countdown);
    const tick = () => {
      const left = Math.ceil((state.rateLimitedUntil - Date.now()) / 1000);
      if (left <= 0) {
        clearInterval(state.countdown);
        state.countdown = null;
        hideNotice();
      } else {
        showNotice(text('rateLimited', { seconds: left }));
      }
      updateComposer();
    };
    tick();
    state.countdown = setInterval(tick, 250);
  }

  // ---- Sending ------------------------------------------------------------------------
  function showPending(clientMessageId, content) {
    const element = messageElement('USER', text('you'), content, new Date());
    element.dataset.pending = clientMessageId;
    element.classList.add('pending');
    const mark = document.createElement('span');
    mark.className = 'pending-mark';
    mark.textContent = text('sending');
    element.querySelector('.meta').append(' · ', mark);
    ui.list.append(element);
    scrollToBottom();
    return element;
  }

  async function send(content) {
    const clientMessageId = newId();
    const pending = { text: content, element: showPending(clientMessageId, content), attempts: 0 };
    state.pending.set(clientMessageId, pending);
    await deliver(clientMessageId);
  }

  // Sends (or sends again, with the same id, so the server stores it once) a pending message.
  async function deliver(clientMessageId) {
    const pending = state.pending.get(clientMessageId);
    if (!pending) return;
    const mark = pending.element.querySelector('.pending-mark');
    for (;;) {
      mark.textContent = text('sending');
      try {
        const answer = await call('POST', '/api/chat/message', { sessionId: state.sessionId, message: pending.text, clientMessageId });
        hideNoticeUnlessLimited();
        addMessages([answer.userMessage, answer.reply].filter(Boolean));
        return;
      } catch (error) {
        if (isTransient(error)) {
          // The network or the server: try again by itself with the same id, then let the customer.
          if (pending.attempts < SEND_RETRY_DELAYS_MS.length) {
            showNotice(transientNotice(error));
            await sleep(SEND_RETRY_DELAYS_MS[pending.attempts++]);
            continue;
          }
          pending.attempts = 0;
          mark.textContent = text('notSent');
          showNotice(text('sendFailed', { reason: reason(error) }), text('retry'), () => { hideNotice(); deliver(clientMessageId); });
          return;
        }
        // Refused: the text goes back to the composer, where the customer can change it.
        pending.element.remove();
        state.pending.delete(clientMessageId);
        if (!ui.input.value) ui.input.value = pending.text;
        if (error.status === 429) {
          startCountdown(error.retryAfter || 60);
        } else if (error.code === 'session_closed') {
          setStatus('CLOSED');
        } else if (isSessionGone(error)) {
          sessionGone();
        } else {
          // Sending it again as it is would be refused again: say what to change.
          showNotice(error.status === 413 ? text('tooLong') : text('sendRefused', { reason: reason(error) }));
          if (!ui.input.disabled) ui.input.focus();
        }
        return;
      }
    }
  }
  function hideNoticeUnlessLimited() {
    if (Date.now() >= state.rateLimitedUntil && state.status !== 'CLOSED' && !state.gone) hideNotice();
  }

  // ---- Live updates: the event stream, or polling when it is unavailable -----------------------
  async function openStream() {
    clearTimeout(state.streamRetry);
    if (state.gone) return;
    if (state.stream || state.connecting || !state.sessionId || typeof window.EventSource !== 'function') {
      if (typeof window.EventSource !== 'function') startPolling();
      return;
    }
    // An EventSource cannot send the token in a header, and a token in a URL would end up in
    // logs: a single-use ticket, fetched before each connection, stands in for it.
    state.connecting = true;
    let ticket;
    try {
      ticket = (await call('POST', '/api/chat/events/ticket', { sessionId: state.sessionId })).ticket;
    } catch (error) {
      state.connecting = false;
      if (isSessionGone(error)) { sessionGone(); return; }
      startPolling();
      state.streamRetry = setTimeout(openStream, error.status === 429 && error.retryAfter ? error.retryAfter * 1000 : STREAM_RETRY_MS);
      return;
    }
    state.connecting = false;
    if (state.gone || state.stream) return;
    const url = `/api/chat/events?sessionId=${encodeURIComponent(state.sessionId)}&ticket=${encodeURIComponent(ticket)}&after=${state.lastSeq}`;
    const stream = new EventSource(url);
    state.stream = stream;
    stream.addEventListener('open', () => {
      stopPolling();
      document.documentElement.dataset.updates = 'stream';
      // The stream being back answers a notice about the connection, not one offering to try
      // again what failed meanwhile (a send, a hand-off): the ticket makes it open later.
      if (ui.noticeAction.hidden) hideNoticeUnlessLimited();
    });
    stream.addEventListener('message', (event) => addMessage(parse(event.data)));
    stream.addEventListener('status', (event) => { const s = parse(event.data); if (s) setStatus(s.status, s.agentName); });
    stream.addEventListener('delta', (event) => showDelta(parse(event.data)));
    stream.addEventListener('typing', (event) => agentTyping(parse(event.data)));
    stream.addEventListener('error', () => {
      // Unavailable or cut: poll meanwhile, and try the stream again a little later. (EventSource
      // would retry by itself, but without the polling a blocked stream would leave the page stale.)
      stream.close();
      if (state.stream !== stream) return;
      state.stream = null;
      startPolling();
      state.streamRetry = setTimeout(openStream, STREAM_RETRY_MS);
    });
  }
  function parse(data) {
    try { return JSON.parse(data); } catch (notJson) { return null; }
  }

  function startPolling() {
    if (state.polling || state.gone) return;
    document.documentElement.dataset.updates = 'polling';
    state.polling = setInterval(poll, POLL_INTERVAL_MS);
    poll();
  }
  async function poll() {
    if (Date.now() < state.pollPausedUntil) return;
    try {
      await catchUp();
      hideNoticeUnlessLimited();
    } catch (error) {
      if (isTransient(error)) {
        showNotice(transientNotice(error));
      } else if (isSessionGone(error)) {
        sessionGone();
      } else if (error.status === 429) {
        const seconds = error.retryAfter || 10;
        state.pollPausedUntil = Date.now() + seconds * 1000;
        showNotice(text('updatesLimited', { seconds }));
      } else {
        showNotice(text('updatesFailed', { reason: reason(error) }), text('retry'), () => { hideNotice(); poll(); });
      }
    }
  }
  function stopPolling() {
    clearInterval(state.polling);
    state.polling = null;
  }

  // Everything after the last seq shown, page by page.
  async function catchUp() {
    for (;;) {
      const page = await call('GET', `/api/chat/history?sessionId=${encodeURIComponent(state.sessionId)}&after=${state.lastSeq}&limit=200`);
      addMessages(page.messages || []);
      if (page.session) setStatus(page.session.status, page.session.agentName);
      if (!page.hasMore || !(page.messages || []).length) return;
    }
  }

  // ---- Start ------------------------------------------------------------------------------
  async function createSession() {
    state.token = null;
    const created = await call('POST', '/api/chat/create-session', { locale: language });
    state.sessionId = created.sessionId;
    state.token = created.sessionToken;
    storeSession();
    addMessages(created.messages || []);
    if (created.session) setStatus(created.session.status, created.session.agentName);
  }

  async function start() {
    ui.loading.hidden = false;
    hideNotice();
    try {
      const stored = loadStoredSession();
      if (stored) {
        state.sessionId = stored.sessionId;
        state.token = stored.sessionToken;
        try {
          await catchUp(); // the same conversation, with its history
        } catch (error) {
          if (error.status !== 401 && error.status !== 404) throw error;
          forgetSession(); // gone or no longer ours: a new one
          state.sessionId = null;
          await createSession();
        }
      } else {
        await createSession();
      }
      state.started = true;
      ui.loading.hidden = true;
      ui.messages.setAttribute('aria-busy', 'false');
      scrollToBottom();
      updateComposer();
      openStream();
      tellSeen(); // the history (the welcome at least) is on the screen now
      if (!ui.input.disabled) ui.input.focus();
    } catch (error) {
      ui.loading.hidden = true;
      showNotice(text(state.sessionId ? 'loadFailed' : 'startFailed', { reason: reason(error) }), text('retry'), start);
    }
  }

  // ---- Wiring --------------------------------------------------------------------------------
  function applyTexts() {
    document.documentElement.lang = language;
    document.title = text('title');
    for (const element of document.querySelectorAll('[data-text]')) element.textContent = text(element.dataset.text);
    for (const element of document.querySelectorAll('[data-placeholder]')) element.placeholder = text(element.dataset.placeholder);
  }

  ui.form.addEventListener('submit', (event) => {
    event.preventDefault();
    const content = ui.input.value.trim();
    if (!content || ui.send.disabled) return;
    ui.input.value = '';
    state.typingSentAt = 0; // sent: the next words are news again
    send(content);
  });
  ui.input.addEventListener('input', customerTyping);
  document.addEventListener('visibilitychange', () => { if (document.visibilityState === 'visible') tellSeen(); });
  ui.input.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      ui.form.requestSubmit();
    }
  });
  async function requestHuman() {
    ui.handoff.disabled = true;
    let answer;
    try {
      answer = await call('POST', '/api/chat/handoff', { sessionId: state.sessionId });
    } catch (error) {
      ui.handoff.disabled = state.status !== 'ACTIVE' || state.gone;
      if (error.code === 'session_closed') setStatus('CLOSED');
      else if (isSessionGone(error)) sessionGone();
      else showNotice(text('handoffFailed', { reason: reason(error) }), text('retry'), () => { hideNotice(); requestHuman(); });
      return;
    }
    hideNoticeUnlessLimited();
    if (answer.session) setStatus(answer.session.status, answer.session.agentName);
    // The message saying so; the stream or the polling brings it too if this fails.
    catchUp().catch(() => {});
  }
  ui.handoff.addEventListener('click', requestHuman);
  // Framed by the widget: Escape anywhere in the chat asks the widget to close it (the
  // widget acts only on messages from its own frame). Nothing else is said to the parent.
  if (window.parent !== window) {
    document.addEventListener('keydown', (event) => {
      if (event.key === 'Escape' && !event.isComposing) window.parent.postMessage({ frontline: 'close' }, '*');
    });
  }
  ui.messages.addEventListener('scroll', () => { if (isNearBottom()) ui.newMessages.hidden = true; });
  ui.newMessages.addEventListener('click', () => { scrollToBottom(); ui.input.focus(); });

  applyTexts();
  start();
})();
