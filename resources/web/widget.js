// SPDX-License-Identifier: GPL-3.0-or-later
// Frontline's chat widget for any website:
//   <script src="https://HOST/widget.js" defer data-title="Help" data-color="#2563eb"
//           data-position="right"></script>
// adds a launcher button that opens the chat page of HOST in an iframe. Everything lives in a
// shadow root, so the host page's CSS cannot reach it; the few properties the host element
// inherits or is laid out by are set !important there, which wins over the host page's own
// !important rules.
// The host page must be allowed to embed the chat (FRONTLINE_FRAME_ANCESTORS on the server),
// or the browser refuses the frame. So the widget asks HOST first (GET /api/chat/widget-config
// with the page's origin) and shows one of three launchers, never a broken frame:
//   - allowed (or the page is on HOST itself): the launcher opens the chat in a panel;
//   - not allowed: the launcher is a link that opens the chat in a new tab (rel=noopener),
//     and its name says so;
//   - no answer (HOST unreachable, a failing proxy, the host page's own CSP refusing the
//     request): the launcher says the chat is unavailable, and does nothing.
// The host page's Content-Security-Policy, if it has one, must allow HOST in script-src,
// connect-src and frame-src.
(() => {
  'use strict';
  const script = document.currentScript;
  if (!script || window.__frontlineWidget) return;
  window.__frontlineWidget = true;

  // Every text of the widget, one table per language (the chat page has its own).
  const TEXTS = {
    en: {
      title: 'Need help?',
      close: 'Close the chat',
      newTab: '{title} (opens in a new tab)',
      unavailable: 'Chat unavailable',
      unavailableHint: 'The chat cannot be reached from this page right now. Please try again later.',
    },
    fr: {
      title: 'Besoin d’aide ?',
      close: 'Fermer le chat',
      newTab: '{title} (s’ouvre dans un nouvel onglet)',
      unavailable: 'Chat indisponible',
      unavailableHint: 'Le chat est injoignable depuis cette page pour le moment. Réessayez plus tard.',
    },
  };
  const language = (() => {
    const wanted = navigator.languages && navigator.languages.length ? navigator.languages : [navigator.language || 'en'];
    for (const tag of wanted) {
      const base = String(tag).toLowerCase().split('-')[0];
      if (Object.prototype.hasOwnProperty.call(TEXTS, base)) return base;
    }
    return 'en';
  })();
  const text = TEXTS[language];

  const origin = new URL(script.src, window.location.href).origin;
  const chatUrl = `${origin}/support/chat`;
  const data = script.dataset;
  const colour = /^#[0-9a-fA-F]{3,8}$/.test(data.color || '') ? data.color : '#2563eb';
  const side = data.position === 'left' ? 'left' : 'right';
  const title = data.title || text.title;

  // An element of its own kind: no rule of the host page for divs or buttons matches it.
  const host = document.createElement('frontline-chat-widget');
  const root = host.attachShadow({ mode: 'open' });

  const style = document.createElement('style');
  // `colour` is a checked #hex value: nothing else of the host page's goes into this CSS.
  style.textContent = `
    :host { all: initial !important; display: block !important; visibility: visible !important;
      pointer-events: auto !important; }
    .launcher, .panel { position: fixed; ${side}: 20px; z-index: 2147483646; font-family: system-ui, sans-serif; }
    .launcher { bottom: 20px; border: 0; border-radius: 999px; padding: 12px 18px; font-size: 15px; cursor: pointer;
      line-height: 1.2; font-weight: normal; text-decoration: none; box-sizing: border-box;
      color: #fff; background: ${colour}; box-shadow: 0 4px 14px rgba(0,0,0,.25); }
    .launcher .external { margin-left: 6px; }
    .launcher[aria-disabled="true"] { cursor: not-allowed; color: #374151; background: #e5e7eb;
      box-shadow: 0 2px 8px rgba(0,0,0,.15); }
    .hint { display: none; position: fixed; ${side}: 20px; bottom: 76px; z-index: 2147483646; max-width: min(280px, calc(100vw - 40px));
      padding: 8px 12px; border-radius: 8px; font: 13px/1.4 system-ui, sans-serif; color: #fff; background: #374151;
      box-shadow: 0 4px 14px rgba(0,0,0,.25); }
    .launcher:hover + .hint, .launcher:focus + .hint { display: block; }
    .launcher:focus-visible, .close:focus-visible { outline: 3px solid #f59e0b; outline-offset: 2px; }
    .panel { bottom: 76px; width: min(380px, calc(100vw - 40px)); height: min(600px, calc(100vh - 100px));
      border-radius: 12px; overflow: hidden; box-shadow: 0 8px 30px rgba(0,0,0,.3); background: #fff;
      display: flex; flex-direction: column; }
    .panel[hidden] { display: none; }
    .bar { display: flex; justify-content: flex-end; background: ${colour}; }
    .close { border: 0; background: transparent; color: #fff; font-size: 20px; line-height: 1; padding: 6px 12px; cursor: pointer; }
    iframe { border: 0; flex: 1; width: 100%; }
    .wrap { position: absolute; width: 1px; height: 1px; overflow: hidden; }
  `;
  root.append(style);

  // The launcher that opens the chat in a panel, in a frame: on a page allowed to embed it.
  const showInPanel = () => {
    const launcher = document.createElement('button');
    launcher.className = 'launcher';
    launcher.type = 'button';
    launcher.textContent = title;
    launcher.setAttribute('aria-expanded', 'false');

    const panel = document.createElement('div');
    panel.className = 'panel';
    panel.hidden = true;
    panel.id = 'panel';
    panel.setAttribute('role', 'dialog');
    panel.setAttribute('aria-label', title);
    launcher.setAttribute('aria-controls', panel.id);
    const bar = document.createElement('div');
    bar.className = 'bar';
    const close = document.createElement('button');
    close.className = 'close';
    close.type = 'button';
    close.textContent = '×';
    close.setAttribute('aria-label', text.close);
    bar.append(close);
    // Tab past the end of the chat comes back to the panel's first control instead of
    // wandering off into the host page; Shift+Tab from there reaches the launcher.
    const wrap = document.createElement('span');
    wrap.className = 'wrap';
    wrap.tabIndex = 0;
    wrap.addEventListener('focus', () => close.focus());
    panel.append(bar);

    let frame = null;
    const setOpen = (open) => {
      if (open && !frame) { // loaded on first use only
        frame = document.createElement('iframe');
        frame.src = chatUrl;
        frame.title = title;
        panel.append(frame, wrap);
      }
      panel.hidden = !open;
      launcher.setAttribute('aria-expanded', String(open));
      if (open) frame.focus(); else launcher.focus();
    };
    launcher.addEventListener('click', () => setOpen(panel.hidden));
    close.addEventListener('click', () => setOpen(false));
    panel.addEventListener('keydown', (event) => { if (event.key === 'Escape') setOpen(false); });
    // Escape pressed inside the chat: its page says so. Only our own frame, from the chat's
    // server, is listened to.
    window.addEventListener('message', (event) => {
      if (!frame || event.source !== frame.contentWindow || event.origin !== origin) return;
      if (event.data && event.data.frontline === 'close' && !panel.hidden) setOpen(false);
    });
    root.append(launcher, panel);
  };

  // A link, not a button with window.open(): the browser opens what the customer clicked
  // without a popup blocker in the way, and a middle click or "open in a new window" works
  // too. noopener: the chat's tab cannot reach back into the host page (window.opener).
  const showAsLink = () => {
    const launcher = document.createElement('a');
    launcher.className = 'launcher';
    launcher.href = chatUrl;
    launcher.target = '_blank';
    launcher.rel = 'noopener noreferrer';
    launcher.setAttribute('aria-label', text.newTab.replace('{title}', title));
    const arrow = document.createElement('span');
    arrow.className = 'external';
    arrow.setAttribute('aria-hidden', 'true');
    arrow.textContent = '↗';
    launcher.append(title, arrow);
    root.append(launcher);
  };

  // Still focusable (aria-disabled, not disabled), so that a keyboard or screen-reader user
  // finds it and hears why. The why is shown above it while it is pointed at, tapped or
  // focused: a tooltip (title) would never show on a touch screen.
  const showUnavailable = () => {
    const launcher = document.createElement('button');
    launcher.className = 'launcher';
    launcher.type = 'button';
    launcher.textContent = text.unavailable;
    launcher.setAttribute('aria-disabled', 'true');
    const hint = document.createElement('div');
    hint.className = 'hint';
    hint.id = 'hint';
    hint.textContent = text.unavailableHint;
    launcher.setAttribute('aria-describedby', hint.id);
    root.append(launcher, hint);
  };

  // Whether this page may show the chat in a frame: 'panel', 'link' (it may not) or
  // 'unavailable' (HOST did not say within CHECK_TIMEOUT_MS). The answer may come from the
  // browser's cache: HOST lets it be kept a few minutes.
  const CHECK_TIMEOUT_MS = 8000;
  const howToOpen = async () => {
    if (window.location.origin === origin) return 'panel'; // 'self' is always allowed
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), CHECK_TIMEOUT_MS);
    try {
      const asked = `${origin}/api/chat/widget-config?origin=${encodeURIComponent(window.location.origin)}`;
      const response = await fetch(asked, { credentials: 'omit', referrerPolicy: 'no-referrer', signal: controller.signal });
      if (!response.ok) return 'unavailable';
      const answer = await response.json();
      return answer.embeddable === true ? 'panel' : 'link';
    } catch (error) {
      return 'unavailable';
    } finally {
      clearTimeout(timer);
    }
  };

  // The launcher appears once the answer is known, so that it never changes under the
  // customer's pointer.
  howToOpen().then((way) => {
    if (way === 'panel') showInPanel();
    else if (way === 'link') showAsLink();
    else showUnavailable();
    (document.body || document.documentElement).append(host);
  });
})();
