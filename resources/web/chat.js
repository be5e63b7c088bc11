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
  const MAX_ATTACHMENTS = 10;       // files one message can carry (the server's own limit)
  const THUMBNAIL_SIDE = 240;       // the largest side of an image in a bubble, in CSS pixels
  const URLS_FRESH_MS = 60000;      // a reload of the attachments' signed URLs serves this long

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
    send: $('send'), typing: $('typing'), chips: $('chips'), attach: $('attach'), file: $('file'),
    dropZone: $('drop-zone'), lightbox: $('lightbox'), lightboxName: $('lightbox-name'),
    lightboxImage: $('lightbox-image'), lightboxDownload: $('lightbox-download'), lightboxClose: $('lightbox-close'),
    chat: document.querySelector('.chat'),
    prechat: $('prechat'), prechatName: $('prechat-name'), prechatEmail: $('prechat-email'), prechatConsent: $('prechat-consent'),
    prechatConsentText: $('prechat-consent-text'), prechatError: $('prechat-error'), prechatSubmit: $('prechat-submit'),
    emailCard: $('email-card'), contactEmail: $('contact-email'), contactName: $('contact-name'), contactNameField: $('contact-name-field'),
    contactError: $('contact-error'), contactSubmit: $('contact-submit'), emailConfirmed: $('email-confirmed'),
    transcriptCard: $('transcript-card'), transcriptEmail: $('transcript-email'), transcriptError: $('transcript-error'),
    transcriptSubmit: $('transcript-submit'), transcriptSent: $('transcript-sent'),
    linkPage: $('link-page'), linkPageTitle: $('link-page-title'), linkPageText: $('link-page-text'), linkPageNew: $('link-page-new'),
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
    // Attachments: what the server accepts (GET /api/chat/widget-config; until it answers, the
    // defaults of the API), the files waiting as chips, every attachment shown (id -> its JSON,
    // whose signed URLs are replaced when they expire).
    attachments: { enabled: true, maxBytes: 10 * 1024 * 1024, accept: [] },
    uploads: [],           // {file, clientId, status, attachment, xhr, progress, message, element}
    shownAttachments: new Map(),
    urlsRefresh: null,     // {promise, at}: the last reload of the history for fresh URLs
    lightboxOpener: null,  // what had the focus before the full-size image was opened
    lightboxId: null,      // the attachment shown in full size
    // When nobody is there (GET /api/chat/availability, and the hand-off's answer): whether a
    // human can answer now, whether the server can send e-mail, the operator's pre-chat form.
    // All null / false on a server without the route: then no form is offered.
    availability: null,    // {humanNow, withinHours, agentsOnline, nextOpening, timeZone}
    emailOffered: false,
    preChat: null,         // {enabled, name, email, consent}
    availabilityLoading: null,
    availabilityAsked: false,
    customerEmail: '',     // the address the customer gave (pre-chat form, e-mail card), if any
    hasEmail: false,       // the session has an address, even if the page does not know it (resumed from an e-mail)
    customerName: '',
    contactRoute: true,    // false once the server answered that it has no such route
    transcriptRoute: true,
    transcriptSentTo: '',
    resumeLink: null,      // #resume=… read from the address, until the server answered it
  };

  // ---- Small helpers --------------------------------------------------------------------
  const newId = () => {
    if (window.crypto && typeof window.crypto.randomUUID === 'function') return window.crypto.randomUUID();
    const bytes = new Uint8Array(16);
    window.crypto.getRandomValues(bytes);
    return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
  };
  const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
  const timeFormat = new Intl.DateTimeFormat(language, { hour: 'numeric', minute: '2-digit' });

  class HttpError extends Error {
    constructor(status, body, retryAfter) {
      super((body && body.error && body.error.message) || `HTTP ${status}`);
      this.status = status;
      this.code = body && body.error && body.error.code;
      this.field = body && body.error && body.error.field;
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
      const stored = { sessionId: state.sessionId, sessionToken: state.token };
      if (state.customerEmail) stored.email = state.customerEmail;
      if (state.hasEmail) stored.hasEmail = true;
      if (state.customerName) stored.name = state.customerName;
      window.localStorage.setItem(STORAGE_KEY, JSON.stringify(stored));
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

  // Attachments, if any, go under the text; a message that is only attachments has no text
  // paragraph (a streamed answer, which has neither yet, keeps its paragraph to grow in).
  function messageElement(role, author, content, time, attachments = [], sources = []) {
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
    item.append(meta);
    if (content || !attachments.length) {
      const body = document.createElement('p');
      body.className = 'text';
      body.textContent = content;
      item.append(body);
    }
    if (attachments.length) item.append(attachmentsElement(attachments));
    if (sources.length) item.append(sourcesElement(sources));
    return item;
  }

  // An address a source may link to: http or https only (never javascript:, data: …).
  function webUrl(url) {
    if (typeof url !== 'string' || !url) return '';
    try {
      const parsed = new URL(url);
      return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.href : '';
    } catch (notAUrl) {
      return '';
    }
  }

  // What the assistant's answer was taken from: "Source: <title>", a link when the article
  // has a public address (in a new tab, which cannot reach back to this page), else text.
  function sourcesElement(sources) {
    const box = document.createElement('ul');
    box.className = 'sources';
    box.setAttribute('aria-label', text('sourcesLabel'));
    for (const source of sources) {
      const title = String((source && source.title) || '');
      if (!title) continue;
      const item = document.createElement('li');
      item.className = 'source';
      const label = document.createElement('span');
      label.className = 'source-label';
      label.textContent = text('sourceLabel');
      item.append(label, ' ');
      const url = webUrl(source.url);
      if (url) {
        const link = document.createElement('a');
        link.href = url;
        link.target = '_blank';
        link.rel = 'noopener noreferrer';
        link.textContent = title;
        item.append(link);
      } else {
        const name = document.createElement('span');
        name.className = 'source-title';
        name.textContent = title;
        item.append(name);
      }
      box.append(item);
    }
    return box;
  }

  // ---- Attachments in the bubbles ------------------------------------------------------------
  const SVG_NS = 'http://www.w3.org/2000/svg';
  const ICON_PATHS = {
    file: ['M14 2H6a2 2 0 0 0-2 2v16a2 2 0 0 0 2 2h12a2 2 0 0 0 2-2V8z', 'M14 2v6h6', 'M8 13h8', 'M8 17h5'],
    download: ['M12 3v12', 'M7 10l5 5 5-5', 'M5 21h14'],
  };
  function icon(name, size = 20) {
    const svg = document.createElementNS(SVG_NS, 'svg');
    for (const [attribute, value] of Object.entries({
      viewBox: '0 0 24 24', width: size, height: size, fill: 'none', stroke: 'currentColor', 'stroke-width': 2,
      'stroke-linecap': 'round', 'stroke-linejoin': 'round', 'aria-hidden': 'true', focusable: 'false', class: `icon icon-${name}`,
    })) svg.setAttribute(attribute, String(value));
    for (const d of ICON_PATHS[name]) {
      const path = document.createElementNS(SVG_NS, 'path');
      path.setAttribute('d', d);
      svg.append(path);
    }
    return svg;
  }

  const numberFormat = new Intl.NumberFormat(language, { maximumFractionDigits: 1 });
  // In the page language's units: "1.2 MB", "1,2 Mo".
  function formatSize(bytes) {
    const n = Number(bytes) || 0;
    const round = (value) => numberFormat.format(value >= 100 ? Math.round(value) : value);
    if (n < 1024) return text('sizeBytes', { n: numberFormat.format(n) });
    if (n < 1024 * 1024) return text('sizeKilobytes', { n: round(n / 1024) });
    return text('sizeMegabytes', { n: round(n / (1024 * 1024)) });
  }

  // An attachment's URL, only if it is the server's own (relative, as the server gives them):
  // never another site, nor a javascript: or data: URL in a link.
  function ownUrl(url) {
    if (typeof url !== 'string' || !url) return '';
    try {
      const parsed = new URL(url, window.location.href);
      return parsed.origin === window.location.origin ? parsed.href : '';
    } catch (notAUrl) {
      return '';
    }
  }

  const isImage = (attachment) => attachment.width > 0 && attachment.height > 0
    && /^image\//.test(String(attachment.contentType || ''));
  // The size an image is shown at in a bubble: within THUMBNAIL_SIDE, never enlarged.
  function fitted(width, height, side) {
    const scale = Math.min(1, side / Math.max(width, height));
    return [Math.max(1, Math.round(width * scale)), Math.max(1, Math.round(height * scale))];
  }

  // Kept with its URLs made safe: a URL that is not the server's is no URL.
  function rememberAttachment(attachment) {
    const kept = {
      ...attachment, filename: String(attachment.filename || ''), url: ownUrl(attachment.url), thumbnailUrl: ownUrl(attachment.thumbnailUrl),
    };
    state.shownAttachments.set(attachment.id, kept);
    return kept;
  }

  function attachmentsElement(attachments) {
    const box = document.createElement('div');
    box.className = 'attachments';
    for (const attachment of attachments) {
      if (!attachment || typeof attachment.id !== 'string') continue;
      rememberAttachment(attachment);
      const kept = state.shownAttachments.get(attachment.id);
      box.append(isImage(kept) ? imageElement(kept) : fileElement(kept));
    }
    return box;
  }

  // A thumbnail that opens the full size (click, Enter or Space: it is a button).
  function imageElement(attachment) {
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'thumbnail';
    button.dataset.attachment = attachment.id;
    button.title = text('openImage', { name: attachment.filename });
    const image = document.createElement('img');
    image.alt = attachment.filename;
    [image.width, image.height] = fitted(attachment.width, attachment.height, THUMBNAIL_SIDE);
    image.decoding = 'async';
    image.addEventListener('error', () => urlFailed(image));
    image.src = attachment.thumbnailUrl || attachment.url;
    button.append(image);
    button.addEventListener('click', () => openLightbox(attachment.id, button));
    return button;
  }

  // Any other file: its icon, name and size, a link that downloads it.
  function fileElement(attachment) {
    const link = document.createElement('a');
    link.className = 'file';
    link.dataset.attachment = attachment.id;
    if (attachment.url) link.href = attachment.url;
    link.download = attachment.filename;
    link.title = text('downloadNamed', { name: attachment.filename });
    const name = document.createElement('span');
    name.className = 'file-name';
    name.textContent = attachment.filename;
    const size = document.createElement('span');
    size.className = 'file-size';
    size.textContent = formatSize(attachment.size);
    link.append(icon('file', 24), name, size, icon('download', 18));
    return link;
  }

  // A signed URL has expired (or the image did not load): the history, loaded again once,
  // has fresh ones. An image that fails again shows its name (alt) instead.
  async function urlFailed(image) {
    if (image.dataset.refreshed) return;
    image.dataset.refreshed = 'yes';
    const holder = image.closest('[data-attachment]');
    const id = holder ? holder.dataset.attachment : state.lightboxId;
    if (!id || !(await refreshAttachmentUrls())) return;
    const fresh = state.shownAttachments.get(id);
    if (!fresh) return;
    image.src = image === ui.lightboxImage ? fresh.url : fresh.thumbnailUrl || fresh.url;
  }

  function refreshAttachmentUrls() {
    const last = state.urlsRefresh;
    if (last && Date.now() - last.at < URLS_FRESH_MS) return last.promise;
    const promise = (async () => {
      let after = 0;
      for (;;) {
        const page = await call('GET', `/api/chat/history?sessionId=${encodeURIComponent(state.sessionId)}&after=${after}&limit=200`);
        const messages = page.messages || [];
        for (const message of messages) {
          for (const attachment of message.attachments || []) renewAttachment(attachment);
          after = Math.max(after, message.seq);
        }
        if (!page.hasMore || !messages.length) return true;
      }
    })().catch(() => false);
    state.urlsRefresh = { promise, at: Date.now() };
    return promise;
  }
  // New signed URLs for an attachment shown: its links follow (its images are given theirs by
  // urlFailed, as each fails).
  function renewAttachment(attachment) {
    if (!attachment || !state.shownAttachments.has(attachment.id)) return;
    attachment = rememberAttachment(attachment);
    for (const link of ui.list.querySelectorAll('a.file[data-attachment]')) {
      if (link.dataset.attachment === attachment.id) link.href = attachment.url;
    }
    if (state.lightboxId === attachment.id) ui.lightboxDownload.href = attachment.url;
  }

  // ---- The full-size image ----------------------------------------------------------------
  function openLightbox(id, opener) {
    const attachment = state.shownAttachments.get(id);
    if (!attachment || typeof ui.lightbox.showModal !== 'function') return;
    state.lightboxId = id;
    state.lightboxOpener = opener;
    ui.lightboxName.textContent = attachment.filename;
    ui.lightboxImage.alt = attachment.filename;
    ui.lightboxImage.width = attachment.width;
    ui.lightboxImage.height = attachment.height;
    delete ui.lightboxImage.dataset.refreshed;
    ui.lightboxImage.src = attachment.url;
    ui.lightboxDownload.href = attachment.url;
    ui.lightboxDownload.download = attachment.filename;
    ui.lightbox.showModal();
    ui.lightboxClose.focus();
  }
  ui.lightbox.addEventListener('close', () => {
    ui.lightboxImage.removeAttribute('src');
    state.lightboxId = null;
    const opener = state.lightboxOpener;
    state.lightboxOpener = null;
    if (opener && opener.isConnected) opener.focus();
  });
  ui.lightboxClose.addEventListener('click', () => ui.lightbox.close());
  ui.lightboxImage.addEventListener('error', () => { if (ui.lightbox.open) urlFailed(ui.lightboxImage); });
  // A click on the dark backdrop around the image closes it too.
  ui.lightbox.addEventListener('click', (event) => { if (event.target === ui.lightbox) ui.lightbox.close(); });

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

    const attachments = Array.isArray(message.attachments) ? message.attachments : [];
    const sources = message.role === 'ASSISTANT' && Array.isArray(message.sources) ? message.sources : [];
    const element = messageElement(message.role, authorOf(message), message.content || '', new Date(message.createdAt), attachments, sources);
    element.dataset.seq = String(message.seq);
    // In seq order, before anything with a higher seq and before pending messages.
    let before = null;
    for (const child of ui.list.children) {
      if (child.dataset.pending !== undefined || Number(child.dataset.seq) > message.seq) { before = child; break; }
    }
    ui.list.insertBefore(element, before);

    if (state.started && message.role !== 'USER')
      ui.announcer.textContent = text('announceMessage', {
        author: authorOf(message), text: message.content || attachments.map((a) => a.filename).join(', '),
      });
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
    // Waiting now (asked for, or the assistant gave up): is anyone there to answer?
    if (status === 'WAITING' && state.availabilityAsked) refreshAvailability();
    showStatus();
  }
  function showStatus() {
    const s = state.status;
    ui.status.textContent = s === 'WAITING' ? text(nobodyCanAnswer() ? 'statusWaitingAway' : 'statusWaiting')
      : s === 'ASSIGNED' ? (state.agentName ? text('statusAssignedNamed', { name: state.agentName }) : text('statusAssigned'))
      : s === 'CLOSED' ? text('statusClosed')
      : text('statusActive');
    ui.status.dataset.status = s || '';
    ui.handoff.disabled = s !== 'ACTIVE';
    if (s === 'CLOSED') showNotice(text('closedNotice'), text('newConversation'), startNewConversation);
    updateComposer();
    updateCards();
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
    updateCards();
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
    // A file still uploading goes with the message, so the message waits for it.
    const uploading = state.uploads.some((upload) => upload.status === 'uploading');
    ui.input.disabled = !usable;
    ui.send.disabled = !usable || limited || uploading;
    ui.send.textContent = limited
      ? text('rateLimitedShort', { seconds: Math.ceil((state.rateLimitedUntil - Date.now()) / 1000) })
      : text('send');
    if (uploading && !limited) ui.send.title = text('waitForUploads');
    else ui.send.removeAttribute('title');
    ui.attach.hidden = !state.attachments.enabled;
    ui.attach.disabled = !usable;
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

  // ---- Files waiting to be sent: chips above the composer ---------------------------------------
  const attachmentsUsable = () => state.attachments.enabled && !ui.input.disabled;
  // Those that count against the limit of one message: all but the refused.
  const keptUploads = () => state.uploads.filter((upload) => upload.status !== 'refused');
  const finishedUploads = () => state.uploads.filter((upload) => upload.status === 'done');

  function addFiles(files) {
    if (!attachmentsUsable()) return;
    for (const file of files) {
      if (keptUploads().length >= MAX_ATTACHMENTS) {
        showNotice(text('tooManyFiles', { count: MAX_ATTACHMENTS }));
        break;
      }
      const upload = { file, clientId: newId(), status: 'waiting', attachment: null, xhr: null, progress: 0, message: '' };
      upload.element = chipElement(upload);
      state.uploads.push(upload);
      ui.chips.append(upload.element);
      const limit = state.attachments.maxBytes;
      if (limit > 0 && file.size > limit) {
        // Refused here, before anything is sent: the server would refuse it all the same.
        setUpload(upload, 'refused', text('fileTooLarge', { size: formatSize(file.size), max: formatSize(limit) }));
      } else {
        startUpload(upload);
      }
    }
    ui.chips.hidden = !state.uploads.length;
  }

  function chipElement(upload) {
    const { file } = upload;
    const chip = document.createElement('li');
    chip.className = 'chip';
    const preview = document.createElement('span');
    preview.className = 'chip-preview';
    preview.append(icon('file', 22));
    if (upload.attachment && ownUrl(upload.attachment.thumbnailUrl)) {
      // Given back from a refused message: the server's thumbnail.
      const image = document.createElement('img');
      image.alt = '';
      image.addEventListener('load', () => preview.replaceChildren(image));
      image.src = ownUrl(upload.attachment.thumbnailUrl);
    } else if (/^image\//.test(file.type) && (!state.attachments.maxBytes || file.size <= state.attachments.maxBytes)) {
      // A data: URL (the page's policy allows no blob: images), read from the file itself.
      const reader = new FileReader();
      reader.addEventListener('load', () => {
        const image = document.createElement('img');
        image.alt = '';
        image.addEventListener('load', () => preview.replaceChildren(image));
        image.src = String(reader.result);
      });
      reader.readAsDataURL(file);
    }
    const body = document.createElement('div');
    body.className = 'chip-body';
    const name = document.createElement('span');
    name.className = 'chip-name';
    name.textContent = file.name;
    name.title = file.name;
    const size = document.createElement('span');
    size.className = 'chip-size';
    size.textContent = formatSize(file.size);
    const bar = document.createElement('div');
    bar.className = 'chip-bar';
    bar.setAttribute('role', 'progressbar');
    bar.setAttribute('aria-valuemin', '0');
    bar.setAttribute('aria-valuemax', '100');
    bar.setAttribute('aria-label', file.name);
    const fill = document.createElement('div');
    fill.className = 'chip-fill';
    bar.append(fill);
    const status = document.createElement('span');
    status.className = 'chip-status';
    const line = document.createElement('div');
    line.className = 'chip-line';
    line.append(size, ' · ', status);
    body.append(name, bar, line);
    const retry = document.createElement('button');
    retry.type = 'button';
    retry.className = 'chip-retry secondary';
    retry.textContent = text('retry');
    retry.hidden = true;
    retry.addEventListener('click', () => {
      chip.querySelector('.chip-remove').focus(); // the keyboard's place, as Retry goes
      startUpload(upload);
    });
    const remove = document.createElement('button');
    remove.type = 'button';
    remove.className = 'chip-remove';
    remove.textContent = '×';
    remove.setAttribute('aria-label', text('removeFile', { name: file.name }));
    remove.title = text('removeFile', { name: file.name });
    remove.addEventListener('click', () => removeUpload(upload, true));
    chip.append(preview, body, retry, remove);
    return chip;
  }

  // One chip shows its upload's state: uploading (with its progress), done, failed (the network
  // or the server's trouble: Retry), refused (why, as the page or the server says it).
  function setUpload(upload, status, message = '') {
    upload.status = status;
    upload.message = message;
    const chip = upload.element;
    chip.dataset.state = status;
    const percent = Math.round(upload.progress * 100);
    const bar = chip.querySelector('.chip-bar');
    bar.hidden = status !== 'uploading';
    bar.setAttribute('aria-valuenow', String(percent));
    chip.querySelector('.chip-fill').style.width = `${percent}%`;
    chip.querySelector('.chip-status').textContent = status === 'uploading' ? text('uploading', { percent })
      : status === 'done' ? text('uploaded')
      : message;
    chip.querySelector('.chip-retry').hidden = status !== 'failed';
    // Screen readers hear how it ended, not every step of the progress.
    if (status !== 'uploading') {
      ui.announcer.textContent = text('announceMessage', { author: upload.file.name, text: chip.querySelector('.chip-status').textContent });
    }
    updateComposer();
  }

  // Sends the file (again, after a failure: with the same clientId, so that the server answers
  // the attachment it may have stored already, never a second one).
  function startUpload(upload) {
    if (!state.sessionId || state.gone) return;
    upload.progress = 0;
    setUpload(upload, 'uploading');
    const xhr = new XMLHttpRequest();
    upload.xhr = xhr;
    const query = `sessionId=${encodeURIComponent(state.sessionId)}&filename=${encodeURIComponent(upload.file.name)}`
      + `&clientId=${encodeURIComponent(upload.clientId)}`;
    xhr.open('POST', `/api/chat/attachments?${query}`);
    xhr.setRequestHeader('Authorization', `Bearer ${state.token}`);
    xhr.setRequestHeader('Accept', 'application/json');
    xhr.upload.addEventListener('progress', (event) => {
      if (upload.xhr !== xhr || !event.lengthComputable || !event.total) return;
      upload.progress = Math.min(1, event.loaded / event.total);
      setUpload(upload, 'uploading');
    });
    xhr.addEventListener('load', () => uploadAnswered(upload, xhr));
    xhr.addEventListener('error', () => { if (upload.xhr === xhr) uploadInterrupted(upload, 0, null); });
    xhr.addEventListener('timeout', () => { if (upload.xhr === xhr) uploadInterrupted(upload, 0, null); });
    xhr.send(upload.file);
  }

  function uploadAnswered(upload, xhr) {
    if (upload.xhr !== xhr) return; // removed meanwhile
    upload.xhr = null;
    let body = null;
    try { body = JSON.parse(xhr.responseText); } catch (notJson) { body = null; }
    const { status } = xhr;
    if ((status === 200 || status === 201) && body && body.attachment && typeof body.attachment.id === 'string') {
      upload.attachment = body.attachment;
      upload.progress = 1;
      setUpload(upload, 'done');
      return;
    }
    const error = new HttpError(status, body, Number(xhr.getResponseHeader('Retry-After')) || 0);
    if (isTransient(error) || status === 429) { uploadInterrupted(upload, status, error); return; }
    if (status === 401) { setUpload(upload, 'refused', reason(error)); sessionGone(); return; }
    // Refused (too large, not a kind accepted, not a valid image, over the quota): the server's
    // own sentence; sending the same file again would not help.
    setUpload(upload, 'refused', reason(error));
  }
  // The network, the server's trouble, or too many uploads for now: Retry sends it again.
  function uploadInterrupted(upload, status, error) {
    upload.xhr = null;
    const message = status === 429 || (error && error.code && status !== 0) ? reason(error) : text('uploadInterrupted');
    setUpload(upload, 'failed', message);
  }

  function removeUpload(upload, byTheCustomer) {
    const index = state.uploads.indexOf(upload);
    if (index < 0) return;
    if (upload.xhr) {
      const { xhr } = upload;
      upload.xhr = null;
      xhr.abort();
    }
    state.uploads.splice(index, 1);
    if (byTheCustomer && upload.element.contains(document.activeElement)) {
      // The keyboard goes to the next chip's ×, or back to the message box.
      const next = state.uploads[index] || state.uploads[index - 1];
      (next ? next.element.querySelector('.chip-remove') : ui.input).focus();
    }
    upload.element.remove();
    ui.chips.hidden = !state.uploads.length;
    updateComposer();
  }

  // Finished uploads given back as chips (their message was refused: they go again with the next).
  function restoreUploads(attachments) {
    for (const attachment of attachments) {
      if (state.uploads.some((upload) => upload.attachment && upload.attachment.id === attachment.id)) continue;
      const file = { name: attachment.filename, size: attachment.size, type: '' };
      const upload = { file, clientId: newId(), status: 'done', attachment, xhr: null, progress: 1, message: '' };
      upload.element = chipElement(upload);
      state.uploads.push(upload);
      ui.chips.append(upload.element);
      setUpload(upload, 'done');
    }
    ui.chips.hidden = !state.uploads.length;
  }

  // ---- Sending ------------------------------------------------------------------------
  function showPending(clientMessageId, content, attachments) {
    const element = messageElement('USER', text('you'), content, new Date(), attachments);
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

  async function send(content, attachments = []) {
    const clientMessageId = newId();
    const pending = { text: content, attachments, element: showPending(clientMessageId, content, attachments), attempts: 0 };
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
        const request = { sessionId: state.sessionId, message: pending.text, clientMessageId };
        if (pending.attachments.length) request.attachments = pending.attachments.map((a) => a.id);
        const answer = await call('POST', '/api/chat/message', request);
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
        // Its files go back to the chips, unless they are what the server refused.
        if (error.field !== 'attachments') restoreUploads(pending.attachments);
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
      noteSession(page.session);
      if (page.session) setStatus(page.session.status, page.session.agentName);
      if (!page.hasMore || !(page.messages || []).length) return;
    }
  }

  // ---- When nobody is there: availability, the e-mail card, the transcript ------------------
  // GET /api/chat/availability: who can answer, whether the server sends e-mail, the pre-chat
  // form. A server without the route (an older one) or an error leaves everything as it was:
  // no form is offered, and the chat works as before.
  function refreshAvailability() {
    if (state.availabilityLoading) return state.availabilityLoading;
    state.availabilityLoading = (async () => {
      try {
        const answer = await call('GET', '/api/chat/availability');
        if (answer && answer.availability && typeof answer.availability === 'object') state.availability = answer.availability;
        if (answer && typeof answer.email === 'boolean') state.emailOffered = answer.email;
        if (answer && answer.preChat && typeof answer.preChat === 'object') state.preChat = answer.preChat;
      } catch (error) {
        // As before: nothing offered.
      } finally {
        state.availabilityLoading = null;
        state.availabilityAsked = true;
      }
      if (state.status) showStatus();
    })();
    return state.availabilityLoading;
  }

  // Waiting, and the server said that no human can answer now (outside hours, nobody online).
  const nobodyCanAnswer = () => state.status === 'WAITING' && Boolean(state.availability) && state.availability.humanNow === false;

  // What the server says of the customer, when it says it (a name, an address given before).
  function noteSession(session) {
    if (!session || typeof session !== 'object') return;
    let changed = false;
    if (typeof session.email === 'string' && session.email && session.email !== state.customerEmail) {
      state.customerEmail = session.email;
      state.hasEmail = true;
      changed = true;
    }
    if (typeof session.name === 'string' && session.name && session.name !== state.customerName) {
      state.customerName = session.name;
      changed = true;
    }
    if (changed && state.sessionId) storeSession();
  }

  // A message next to a form's field ('' clears it), and one under the whole form.
  function fieldError(input, message) {
    const box = $(`${input.id}-error`);
    box.textContent = message;
    box.hidden = !message;
    if (message) input.setAttribute('aria-invalid', 'true');
    else input.removeAttribute('aria-invalid');
  }
  function formError(box, message) {
    box.textContent = message;
    box.hidden = !message;
  }
  function clearErrors(form) {
    for (const input of form.querySelectorAll('input')) if ($(`${input.id}-error`)) fieldError(input, '');
    for (const box of form.querySelectorAll('.field-error[role="alert"]')) formError(box, '');
  }
  // The field a refusal names: "email", "name", "consent" (also as "preChat.email").
  const refusedField = (error) => String(error.field || '').split('.').pop();
  // A route this server does not have (an older one): the form it belongs to goes.
  const routeMissing = (error) => (error.status === 404 && !error.code) || error.status === 405 || error.code === 'not_found';

  // Shows, hides and fills the e-mail card, its confirmation and the transcript card, from the
  // status, the availability and what the customer gave.
  function updateCards() {
    const wasAtBottom = isNearBottom();
    const usable = Boolean(state.sessionId) && !state.gone;
    const alone = usable && nobodyCanAnswer() && state.emailOffered;
    const offerContact = alone && !state.hasEmail && state.contactRoute;
    if (offerContact && ui.emailCard.hidden) {
      ui.contactNameField.hidden = Boolean(state.customerName);
      clearErrors(ui.emailCard);
    }
    ui.emailCard.hidden = !offerContact;
    ui.emailConfirmed.hidden = !(alone && state.hasEmail);
    if (!ui.emailConfirmed.hidden) {
      ui.emailConfirmed.textContent = state.customerEmail ? text('emailConfirmed', { address: state.customerEmail }) : text('emailConfirmedUnnamed');
    }

    const closed = usable && state.status === 'CLOSED' && state.emailOffered && state.transcriptRoute;
    const offerTranscript = closed && !state.transcriptSentTo;
    if (offerTranscript && ui.transcriptCard.hidden) {
      clearErrors(ui.transcriptCard);
      if (!ui.transcriptEmail.value) ui.transcriptEmail.value = state.customerEmail;
    }
    ui.transcriptCard.hidden = !offerTranscript;
    ui.transcriptSent.hidden = !(closed && state.transcriptSentTo);
    if (!ui.transcriptSent.hidden) ui.transcriptSent.textContent = text('transcriptSent', { address: state.transcriptSentTo });
    afterInsert(wasAtBottom, false);
  }

  // The e-mail card: POST /api/chat/contact.
  ui.emailCard.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (ui.contactSubmit.disabled) return;
    clearErrors(ui.emailCard);
    const email = ui.contactEmail.value.trim();
    const name = ui.contactNameField.hidden ? '' : ui.contactName.value.trim();
    if (!email) {
      fieldError(ui.contactEmail, text('emailRequired'));
      ui.contactEmail.focus();
      return;
    }
    const body = { sessionId: state.sessionId, email };
    if (name) body.name = name;
    ui.contactSubmit.disabled = true;
    try {
      const answer = await call('POST', '/api/chat/contact', body);
      state.customerEmail = email;
      state.hasEmail = true;
      if (name) state.customerName = name;
      noteSession(answer && answer.session);
      storeSession();
      const hadFocus = ui.emailCard.contains(document.activeElement);
      updateCards();
      ui.announcer.textContent = ui.emailConfirmed.textContent;
      if (hadFocus && !ui.input.disabled) ui.input.focus();
    } catch (error) {
      if (error.status === 400 && refusedField(error) === 'email') {
        fieldError(ui.contactEmail, reason(error));
        ui.contactEmail.focus();
      } else if (error.status === 400 && refusedField(error) === 'name' && !ui.contactNameField.hidden) {
        fieldError(ui.contactName, reason(error));
        ui.contactName.focus();
      } else if (routeMissing(error)) {
        state.contactRoute = false;
        updateCards();
      } else if (error.code === 'session_closed') {
        setStatus('CLOSED');
      } else if (isSessionGone(error)) {
        sessionGone();
      } else {
        formError(ui.contactError, text('contactFailed', { reason: reason(error) }));
      }
    } finally {
      ui.contactSubmit.disabled = false;
    }
  });

  // The transcript card: POST /api/chat/transcript.
  ui.transcriptCard.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (ui.transcriptSubmit.disabled) return;
    clearErrors(ui.transcriptCard);
    const email = ui.transcriptEmail.value.trim();
    if (!email && !state.hasEmail) {
      fieldError(ui.transcriptEmail, text('emailRequired'));
      ui.transcriptEmail.focus();
      return;
    }
    const body = { sessionId: state.sessionId };
    if (email) body.email = email; // else the session's own address
    ui.transcriptSubmit.disabled = true;
    try {
      const answer = await call('POST', '/api/chat/transcript', body);
      const mail = (answer && answer.mail) || {};
      state.transcriptSentTo = typeof mail.to === 'string' && mail.to ? mail.to : email;
      if (email) state.customerEmail = email;
      state.hasEmail = true;
      storeSession();
      updateCards();
      ui.announcer.textContent = ui.transcriptSent.textContent;
    } catch (error) {
      if (error.status === 400 && refusedField(error) === 'email') {
        fieldError(ui.transcriptEmail, reason(error));
        ui.transcriptEmail.focus();
      } else if (routeMissing(error)) {
        state.transcriptRoute = false;
        updateCards();
      } else if (error.status === 401) {
        sessionGone();
      } else {
        formError(ui.transcriptError, text('transcriptFailed', { reason: reason(error) }));
      }
    } finally {
      ui.transcriptSubmit.disabled = false;
    }
  });

  // ---- The pre-chat form ----------------------------------------------------------------------
  const fieldMode = (value) => (value === 'optional' || value === 'required' ? value : 'off');
  const consentOf = (preChat) => (preChat.consent && typeof preChat.consent === 'object'
    && typeof preChat.consent.text === 'string' && preChat.consent.text.trim() ? preChat.consent : null);
  function preChatWanted() {
    const p = state.preChat;
    return Boolean(p && p.enabled === true && (fieldMode(p.name) !== 'off' || fieldMode(p.email) !== 'off' || consentOf(p)));
  }
  function showPreChat() {
    const p = state.preChat;
    const setup = (input, mode) => {
      const field = input.closest('.field');
      field.hidden = mode === 'off';
      field.querySelector('.optional').hidden = mode !== 'optional';
      input.required = mode === 'required';
    };
    setup(ui.prechatName, fieldMode(p.name));
    setup(ui.prechatEmail, fieldMode(p.email));
    const consent = consentOf(p);
    ui.prechatConsent.closest('.field').hidden = !consent;
    ui.prechatConsent.required = Boolean(consent && consent.required === true);
    ui.prechatConsentText.textContent = consent ? consent.text : ''; // the operator's words, as text
    clearErrors(ui.prechat);
    ui.loading.hidden = true;
    ui.status.hidden = true; // nothing is connected yet: the form says what comes first
    ui.prechat.hidden = false;
    ui.messages.setAttribute('aria-busy', 'false');
    const first = ui.prechat.querySelector('.field:not([hidden]) input');
    if (first) first.focus();
  }
  ui.prechat.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (ui.prechatSubmit.disabled) return;
    clearErrors(ui.prechat);
    const shown = (input) => !input.closest('.field').hidden;
    const name = shown(ui.prechatName) ? ui.prechatName.value.trim() : '';
    const email = shown(ui.prechatEmail) ? ui.prechatEmail.value.trim() : '';
    const consent = shown(ui.prechatConsent) && ui.prechatConsent.checked;
    const missing = [];
    if (ui.prechatName.required && shown(ui.prechatName) && !name) missing.push([ui.prechatName, 'nameRequired']);
    if (ui.prechatEmail.required && shown(ui.prechatEmail) && !email) missing.push([ui.prechatEmail, 'emailRequired']);
    if (ui.prechatConsent.required && shown(ui.prechatConsent) && !consent) missing.push([ui.prechatConsent, 'consentRequired']);
    if (missing.length) {
      for (const [input, key] of missing) fieldError(input, text(key));
      missing[0][0].focus();
      return;
    }
    const details = {};
    if (name) details.name = name;
    if (email) details.email = email;
    if (consent) details.consent = true;
    ui.prechatSubmit.disabled = true;
    try {
      await createSession(details);
      ui.prechat.hidden = true;
      ui.status.hidden = false;
      started();
    } catch (error) {
      const inputs = { name: ui.prechatName, email: ui.prechatEmail, consent: ui.prechatConsent };
      const input = error.status === 400 ? inputs[refusedField(error)] : null;
      if (input && shown(input)) {
        fieldError(input, reason(error));
        input.focus();
      } else {
        formError(ui.prechatError, text('startFailed', { reason: reason(error) }));
      }
    } finally {
      ui.prechatSubmit.disabled = false;
    }
  });

  // ---- Resume links: #resume=… from an e-mail ----------------------------------------------------
  // Read once, and taken out of the address bar at once: a reload, a bookmark or a shared
  // screen does not carry it.
  function takeResumeLink() {
    const match = /^#resume=(.+)$/.exec(window.location.hash);
    if (!match) return null;
    try {
      window.history.replaceState(null, '', window.location.pathname + window.location.search);
    } catch (ignored) { /* the link is read all the same */ }
    try { return decodeURIComponent(match[1]); } catch (malformed) { return match[1]; }
  }
  // The link opens its conversation (the server gives its session a new token), or the page
  // says why it cannot: never a new conversation by itself.
  async function resumeSession() {
    state.token = null;
    let answer;
    try {
      answer = await call('POST', '/api/chat/resume', { resume: state.resumeLink });
    } catch (error) {
      if (isTransient(error) || error.status === 429) throw error; // Retry, with the same link
      state.resumeLink = null;
      showLinkPage(error);
      return false;
    }
    state.resumeLink = null;
    state.sessionId = answer.sessionId;
    state.token = answer.sessionToken;
    const stored = loadStoredSession();
    if (stored && stored.sessionId === state.sessionId) {
      state.customerEmail = stored.email || '';
      state.customerName = stored.name || '';
    }
    state.hasEmail = true; // the link came by e-mail: the session has an address
    noteSession(answer.session);
    storeSession();
    if (answer.session) setStatus(answer.session.status, answer.session.agentName);
    await catchUp();
    return true;
  }
  function showLinkPage(error) {
    const expired = error.status === 410 || error.code === 'link_expired';
    ui.linkPageTitle.textContent = text(expired ? 'linkExpiredTitle' : 'linkInvalidTitle');
    ui.linkPageText.textContent = text(expired ? 'linkExpiredText' : 'linkInvalidText');
    document.title = ui.linkPageTitle.textContent;
    ui.chat.hidden = true;
    ui.linkPage.hidden = false;
    ui.linkPage.dataset.reason = expired ? 'expired' : 'invalid';
    ui.linkPageNew.focus();
  }
  ui.linkPageNew.addEventListener('click', startNewConversation);
  // A resume link opened in a tab that already shows the chat.
  window.addEventListener('hashchange', () => { if (/^#resume=/.test(window.location.hash)) window.location.reload(); });

  // ---- Start ------------------------------------------------------------------------------
  async function createSession(details = {}) {
    state.token = null;
    const created = await call('POST', '/api/chat/create-session', { locale: language, ...details });
    state.sessionId = created.sessionId;
    state.token = created.sessionToken;
    state.customerEmail = details.email || '';
    state.hasEmail = Boolean(details.email);
    state.customerName = details.name || '';
    noteSession(created.session);
    storeSession();
    addMessages(created.messages || []);
    if (created.session) setStatus(created.session.status, created.session.agentName);
  }

  async function start() {
    ui.loading.hidden = false;
    hideNotice();
    try {
      if (state.resumeLink) {
        if (!(await resumeSession())) return;
      } else {
        const stored = loadStoredSession();
        if (stored) {
          state.sessionId = stored.sessionId;
          state.token = stored.sessionToken;
          state.customerEmail = typeof stored.email === 'string' ? stored.email : '';
          state.hasEmail = Boolean(state.customerEmail) || stored.hasEmail === true;
          state.customerName = typeof stored.name === 'string' ? stored.name : '';
          try {
            await catchUp(); // the same conversation, with its history
          } catch (error) {
            if (error.status !== 401 && error.status !== 404) throw error;
            forgetSession(); // gone or no longer ours: a new one
            state.sessionId = null;
            state.customerEmail = '';
            state.hasEmail = false;
            state.customerName = '';
          }
        }
      }
      if (!state.sessionId) {
        // The operator's pre-chat form, if any, comes before the conversation.
        if (!state.availabilityAsked || state.availabilityLoading) await refreshAvailability();
        if (preChatWanted()) {
          showPreChat();
          return;
        }
        await createSession();
      }
      started();
    } catch (error) {
      ui.loading.hidden = true;
      showNotice(text(state.sessionId ? 'loadFailed' : 'startFailed', { reason: reason(error) }), text('retry'), start);
    }
  }

  function started() {
    state.started = true;
    ui.loading.hidden = true;
    ui.messages.setAttribute('aria-busy', 'false');
    scrollToBottom();
    updateComposer();
    updateCards();
    openStream();
    tellSeen(); // the history (the welcome at least) is on the screen now
    if (!ui.input.disabled) ui.input.focus();
  }

  // ---- Wiring --------------------------------------------------------------------------------
  function applyTexts() {
    document.documentElement.lang = language;
    document.title = text('title');
    for (const element of document.querySelectorAll('[data-text]')) element.textContent = text(element.dataset.text);
    for (const element of document.querySelectorAll('[data-placeholder]')) element.placeholder = text(element.dataset.placeholder);
    for (const element of document.querySelectorAll('[data-label]')) element.setAttribute('aria-label', text(element.dataset.label));
    for (const element of document.querySelectorAll('[data-title]')) element.title = text(element.dataset.title);
  }

  // What the server accepts as attachments; a server that says nothing of them has none.
  async function loadAttachmentSettings() {
    let config;
    try {
      config = await call('GET', `/api/chat/widget-config?origin=${encodeURIComponent(window.location.origin)}`);
    } catch (error) {
      return; // the defaults, and the server's own answer to each upload
    }
    const settings = config && config.attachments;
    if (!settings || typeof settings !== 'object') {
      state.attachments.enabled = false;
    } else {
      state.attachments.enabled = true;
      state.attachments.maxBytes = Number(settings.maxBytes) > 0 ? Number(settings.maxBytes) : 0;
      state.attachments.accept = Array.isArray(settings.accept) ? settings.accept.filter((t) => typeof t === 'string') : [];
    }
    const accept = [...state.attachments.accept];
    if (accept.includes('text/plain')) accept.push('.txt', '.log'); // logs are plain text too
    if (accept.length) ui.file.accept = accept.join(',');
    else ui.file.removeAttribute('accept');
    updateComposer();
  }

  ui.form.addEventListener('submit', (event) => {
    event.preventDefault();
    const content = ui.input.value.trim();
    const finished = finishedUploads();
    if ((!content && !finished.length) || ui.send.disabled) return;
    ui.input.value = '';
    state.typingSentAt = 0; // sent: the next words are news again
    // The finished files go with it; the refused chips have said their piece; a failed one
    // stays, for Retry.
    for (const upload of [...state.uploads]) if (upload.status === 'done' || upload.status === 'refused') removeUpload(upload, false);
    send(content, finished.map((upload) => upload.attachment));
  });

  // Files: chosen with the button, pasted into the message box, or dropped on the chat.
  ui.attach.addEventListener('click', () => ui.file.click());
  ui.file.addEventListener('change', () => {
    addFiles([...ui.file.files]);
    ui.file.value = ''; // the same file can be chosen again
  });
  ui.input.addEventListener('paste', (event) => {
    const data = event.clipboardData;
    if (!data || !data.files || !data.files.length || !attachmentsUsable()) return;
    // Text copied from an application that adds a picture of it (a spreadsheet) stays text.
    if (data.types && [...data.types].includes('text/plain') && data.getData('text/plain')) return;
    event.preventDefault();
    addFiles([...data.files]);
  });
  const dragsFiles = (event) => Boolean(event.dataTransfer) && [...event.dataTransfer.types].includes('Files');
  let dragDepth = 0;
  const chat = document.querySelector('.chat');
  chat.addEventListener('dragenter', (event) => {
    if (!dragsFiles(event) || !attachmentsUsable()) return;
    event.preventDefault();
    dragDepth += 1;
    ui.dropZone.hidden = false;
  });
  chat.addEventListener('dragover', (event) => {
    if (!dragsFiles(event) || !attachmentsUsable()) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = 'copy';
  });
  chat.addEventListener('dragleave', (event) => {
    if (!dragsFiles(event)) return;
    dragDepth = Math.max(0, dragDepth - 1);
    if (!dragDepth) ui.dropZone.hidden = true;
  });
  chat.addEventListener('drop', (event) => {
    if (!dragsFiles(event)) return;
    event.preventDefault();
    dragDepth = 0;
    ui.dropZone.hidden = true;
    addFiles([...event.dataTransfer.files]);
  });
  // A file dropped beside the drop zone is not opened by the browser in place of the chat.
  for (const name of ['dragover', 'drop']) {
    window.addEventListener(name, (event) => { if (dragsFiles(event)) event.preventDefault(); });
  }
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
    // Whether anyone can answer, as the server judged it for this hand-off.
    if (answer.availability && typeof answer.availability === 'object') state.availability = answer.availability;
    noteSession(answer.session);
    if (answer.session) setStatus(answer.session.status, answer.session.agentName);
    showStatus();
    // The message saying so; the stream or the polling brings it too if this fails.
    catchUp().catch(() => {});
  }
  ui.handoff.addEventListener('click', requestHuman);
  // Framed by the widget: Escape anywhere in the chat asks the widget to close it (the
  // widget acts only on messages from its own frame). Nothing else is said to the parent.
  if (window.parent !== window) {
    document.addEventListener('keydown', (event) => {
      // Escape in the full-size image closes only the image.
      if (event.key === 'Escape' && !event.isComposing && !ui.lightbox.open) window.parent.postMessage({ frontline: 'close' }, '*');
    });
  }
  ui.messages.addEventListener('scroll', () => { if (isNearBottom()) ui.newMessages.hidden = true; });
  ui.newMessages.addEventListener('click', () => { scrollToBottom(); ui.input.focus(); });

  applyTexts();
  state.resumeLink = takeResumeLink();
  loadAttachmentSettings();
  refreshAvailability();
  start();
})();
