/*!
 * Kildesvar chat widget. Embed with one line:
 *   <script src="https://HOST/widget.js" data-kildesvar-url="https://HOST" defer></script>
 * Options (data attributes on that script tag): data-title, data-greeting, data-placeholder,
 * data-accent (#rgb or #rrggbb), data-position (bottom-right | bottom-left), data-lang (nb | nn | en).
 * No framework, no build step, no third-party requests. Everything renders inside a Shadow DOM, and every
 * piece of text from the server is inserted with textContent / DOM APIs, never as HTML.
 */
(function () {
  "use strict";

  var TAG = "kildesvar-widget";
  var MAX_HISTORY = 20;
  var MAX_QUESTION = 2000;
  var MAX_ANSWER = 20000;
  var QUOTE_CHARS = 220;
  var TIMEOUT_MS = 120000;
  var SVG_NS = "http://www.w3.org/2000/svg";

  var TEXTS = {
    nb: {
      title: "Kildesvar",
      launcher: "Still et spørsmål",
      greeting: "Hei! Jeg svarer ut fra dokumentene i kunnskapsbasen og viser alltid kildene. Hva lurer du på?",
      placeholder: "Skriv spørsmålet ditt …",
      inputLabel: "Ditt spørsmål",
      send: "Send spørsmålet",
      close: "Lukk",
      clear: "Start en ny samtale",
      cleared: "Samtalen er tømt.",
      you: "Du",
      bot: "Kildesvar",
      thinking: "Leter i dokumentene …",
      sources: "Kilder",
      source: "Kilde",
      page: "s.",
      newTab: "(åpnes i ny fane)",
      note: "Merk:",
      abstained: "Fant ikke svar i dokumentene",
      rephrase: "Tips: Bruk gjerne navnet på programmet eller loven, et paragrafnummer (som § 5-3) eller andre ord for det du lurer på.",
      helpful: "Var svaret nyttig?",
      up: "Ja, nyttig",
      down: "Nei, ikke nyttig",
      comment: "Kommentar (valgfritt)",
      commentHint: "Hva manglet, eller hva var feil?",
      sendFeedback: "Send tilbakemelding",
      cancel: "Avbryt",
      thanks: "Takk for tilbakemeldingen!",
      feedbackFailed: "Tilbakemeldingen ble ikke sendt. Prøv igjen.",
      retry: "Prøv igjen",
      network: "Får ikke kontakt med Kildesvar. Sjekk nettforbindelsen og prøv igjen.",
      busy: "Du har sendt mange spørsmål på kort tid. Vent litt og prøv igjen.",
      busyFor: "Du har sendt mange spørsmål på kort tid. Vent {s} sekunder og prøv igjen.",
      notReady: "Kildesvar er ikke klar akkurat nå. Prøv igjen om litt.",
      forbidden: "Kildesvar er ikke åpnet for denne nettsiden.",
      interrupted: "Svaret ble avbrutt. Prøv igjen.",
      generic: "Noe gikk galt. Prøv igjen.",
      disclaimer: "Kildesvar er en KI-assistent som svarer ut fra dokumentene i kunnskapsbasen. Svarene kan være feil – sjekk alltid kildene."
    },
    nn: {
      title: "Kildesvar",
      launcher: "Still eit spørsmål",
      greeting: "Hei! Eg svarar ut frå dokumenta i kunnskapsbasen og viser alltid kjeldene. Kva lurer du på?",
      placeholder: "Skriv spørsmålet ditt …",
      inputLabel: "Spørsmålet ditt",
      send: "Send spørsmålet",
      close: "Lukk",
      clear: "Start ein ny samtale",
      cleared: "Samtalen er tømd.",
      you: "Du",
      bot: "Kildesvar",
      thinking: "Leitar i dokumenta …",
      sources: "Kjelder",
      source: "Kjelde",
      page: "s.",
      newTab: "(blir opna i ny fane)",
      note: "Merk:",
      abstained: "Fann ikkje svar i dokumenta",
      rephrase: "Tips: Bruk gjerne namnet på programmet eller lova, eit paragrafnummer (som § 5-3) eller andre ord for det du lurer på.",
      helpful: "Var svaret nyttig?",
      up: "Ja, nyttig",
      down: "Nei, ikkje nyttig",
      comment: "Kommentar (valfritt)",
      commentHint: "Kva mangla, eller kva var feil?",
      sendFeedback: "Send tilbakemelding",
      cancel: "Avbryt",
      thanks: "Takk for tilbakemeldinga!",
      feedbackFailed: "Tilbakemeldinga vart ikkje send. Prøv igjen.",
      retry: "Prøv igjen",
      network: "Får ikkje kontakt med Kildesvar. Sjekk nettsambandet og prøv igjen.",
      busy: "Du har sendt mange spørsmål på kort tid. Vent litt og prøv igjen.",
      busyFor: "Du har sendt mange spørsmål på kort tid. Vent {s} sekund og prøv igjen.",
      notReady: "Kildesvar er ikkje klar akkurat no. Prøv igjen om litt.",
      forbidden: "Kildesvar er ikkje opna for denne nettsida.",
      interrupted: "Svaret vart avbrote. Prøv igjen.",
      generic: "Noko gjekk gale. Prøv igjen.",
      disclaimer: "Kildesvar er ein KI-assistent som svarar ut frå dokumenta i kunnskapsbasen. Svara kan vere feil – sjekk alltid kjeldene."
    },
    en: {
      title: "Kildesvar",
      launcher: "Ask a question",
      greeting: "Hi! I answer from the documents in the knowledge base and always show my sources. What would you like to know?",
      placeholder: "Type your question …",
      inputLabel: "Your question",
      send: "Send the question",
      close: "Close",
      clear: "Start a new conversation",
      cleared: "The conversation has been cleared.",
      you: "You",
      bot: "Kildesvar",
      thinking: "Searching the documents …",
      sources: "Sources",
      source: "Source",
      page: "p.",
      newTab: "(opens in a new tab)",
      note: "Note:",
      abstained: "No answer found in the documents",
      rephrase: "Tip: Try rephrasing with the name of the programme or act, a section number (such as § 5-3) or other words.",
      helpful: "Was this answer helpful?",
      up: "Yes, helpful",
      down: "No, not helpful",
      comment: "Comment (optional)",
      commentHint: "What was missing or wrong?",
      sendFeedback: "Send feedback",
      cancel: "Cancel",
      thanks: "Thank you for your feedback!",
      feedbackFailed: "The feedback was not sent. Please try again.",
      retry: "Try again",
      network: "Cannot reach Kildesvar. Check your connection and try again.",
      busy: "You have sent many questions in a short time. Wait a little and try again.",
      busyFor: "You have sent many questions in a short time. Wait {s} seconds and try again.",
      notReady: "Kildesvar is not ready right now. Try again in a little while.",
      forbidden: "Kildesvar is not enabled for this website.",
      interrupted: "The answer was interrupted. Try again.",
      generic: "Something went wrong. Try again.",
      disclaimer: "Kildesvar is an AI assistant that answers from the documents in the knowledge base. Answers can be wrong – always check the sources."
    }
  };

  var ICONS = {
    chat: "M4 4h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H9l-5 4v-4H4a2 2 0 0 1-2-2V6a2 2 0 0 1 2-2z",
    close: "M6 6l12 12M18 6L6 18",
    clear: "M4 7h16M9 7V4h6v3M6 7l1 13h10l1-13",
    send: "M4 12l16-8-6 16-2-6-8-2z",
    up: "M7 11v9H4v-9h3zm0 0l4-8c1.7 0 3 1.3 3 3v3h5a2 2 0 0 1 2 2.3l-1.3 7A2 2 0 0 1 17.7 20H7",
    down: "M17 13V4h3v9h-3zm0 0l-4 8c-1.7 0-3-1.3-3-3v-3H5a2 2 0 0 1-2-2.3l1.3-7A2 2 0 0 1 6.3 4H17",
    warning: "M12 3l10 18H2L12 3zm0 7v5m0 3v.5",
    info: "M12 3a9 9 0 1 1 0 18 9 9 0 0 1 0-18zm0 8v6m0-9v.5"
  };

  // ---- small DOM helpers (text only, never HTML) ----

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (name) {
      var value = attrs[name];
      if (value === null || value === undefined || value === false) return;
      if (name === "text") node.textContent = value;
      else if (name === "hidden") node.hidden = true;
      else node.setAttribute(name, value === true ? "" : String(value));
    });
    (children || []).forEach(function (child) {
      if (child) node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    });
    return node;
  }

  function icon(name) {
    var svg = document.createElementNS(SVG_NS, "svg");
    svg.setAttribute("viewBox", "0 0 24 24");
    svg.setAttribute("aria-hidden", "true");
    svg.setAttribute("focusable", "false");
    svg.setAttribute("class", "ks-icon");
    var path = document.createElementNS(SVG_NS, "path");
    path.setAttribute("d", ICONS[name]);
    svg.appendChild(path);
    return svg;
  }

  function iconButton(name, label, className) {
    return el("button", { type: "button", class: "ks-icon-button " + (className || ""), "aria-label": label, title: label }, [icon(name)]);
  }

  // Sources often carry Markdown bold (**x**); show it as bold text instead of asterisks.
  function appendEmphasis(parent, text) {
    var pattern = /\*\*([^*\n]+?)\*\*/g, last = 0, match;
    while ((match = pattern.exec(text))) {
      parent.appendChild(document.createTextNode(text.slice(last, match.index)));
      parent.appendChild(el("strong", { text: match[1] }));
      last = pattern.lastIndex;
    }
    parent.appendChild(document.createTextNode(text.slice(last)));
    return parent;
  }

  function safeUrl(url) {
    if (typeof url !== "string" || !url) return null;
    try {
      var parsed = new URL(url);
      return parsed.protocol === "https:" || parsed.protocol === "http:" ? parsed.href : null;
    } catch (e) {
      return null;
    }
  }

  function shorten(text, limit) {
    var clean = String(text || "").replace(/\s+/g, " ").trim();
    return clean.length <= limit ? clean : clean.slice(0, limit - 1).replace(/\s+\S*$/, "") + " …";
  }

  // ---- configuration ----

  function findScript() {
    return document.currentScript || document.querySelector("script[data-kildesvar-url]") || document.querySelector('script[src*="widget.js"]');
  }

  function parseHex(color) {
    var match = /^#([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(String(color || "").trim());
    if (!match) return null;
    var hex = match[1].length === 3 ? match[1].replace(/./g, "$&$&") : match[1];
    return [0, 2, 4].map(function (i) { return parseInt(hex.slice(i, i + 2), 16); });
  }

  function luminance(rgb) {
    var c = rgb.map(function (v) {
      v /= 255;
      return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
    });
    return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2];
  }

  function contrast(a, b) {
    var la = luminance(a), lb = luminance(b);
    return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
  }

  function accentColors(value) {
    var rgb = parseHex(value) || parseHex("#0b5394");
    var css = "rgb(" + rgb.join(",") + ")";
    var white = [255, 255, 255], ink = [17, 24, 39];
    return {
      accent: css,
      onAccent: contrast(rgb, white) >= contrast(rgb, ink) ? "#ffffff" : "#111827",
      accentInk: contrast(rgb, white) >= 4.5 ? css : "#1f2937"
    };
  }

  function readConfig(script) {
    var data = script ? script.dataset : {};
    var lang = TEXTS[data.lang] ? data.lang : "nb";
    var t = TEXTS[lang];
    var src = script && script.src ? script.src : window.location.href;
    var base = (data.kildesvarUrl || new URL(src, window.location.href).origin).replace(/\/+$/, "");
    return {
      base: base,
      stylesheet: new URL("widget.css", new URL(src, window.location.href)).href,
      lang: lang,
      t: t,
      title: data.title || t.title,
      greeting: data.greeting || t.greeting,
      placeholder: data.placeholder || t.placeholder,
      position: data.position === "bottom-left" ? "left" : "right",
      colors: accentColors(data.accent)
    };
  }

  // ---- persistence (sessionStorage; the widget works without it) ----

  function createStorage(base) {
    var key = "kildesvar:v1:" + base;
    return {
      load: function () {
        try {
          var saved = JSON.parse(window.sessionStorage.getItem(key) || "null");
          if (saved && Array.isArray(saved.turns)) return saved;
        } catch (e) { /* storage blocked or corrupt: start empty */ }
        return { open: false, draft: "", turns: [] };
      },
      save: function (state) {
        try {
          window.sessionStorage.setItem(key, JSON.stringify(state));
        } catch (e) { /* storage blocked or full: keep going without it */ }
      }
    };
  }

  // ---- Server-Sent Events over fetch (EventSource cannot POST) ----

  function createSseParser(onEvent) {
    var buffer = "", name = "", data = [];
    function line(text) {
      if (text === "") {
        if (data.length) onEvent(name || "message", data.join("\n"));
        name = "";
        data = [];
        return;
      }
      if (text.charAt(0) === ":") return;
      var colon = text.indexOf(":");
      var field = colon < 0 ? text : text.slice(0, colon);
      var value = colon < 0 ? "" : text.slice(colon + 1).replace(/^ /, "");
      if (field === "event") name = value;
      else if (field === "data") data.push(value);
    }
    return {
      push: function (chunk) {
        buffer += chunk;
        var pattern = /\r\n|\r|\n/g, start = 0, match;
        while ((match = pattern.exec(buffer))) {
          if (match[0] === "\r" && match.index === buffer.length - 1) break;
          line(buffer.slice(start, match.index));
          start = pattern.lastIndex;
        }
        buffer = buffer.slice(start);
      },
      end: function () {
        if (buffer) line(buffer.replace(/\r$/, ""));
        line("");
        buffer = "";
      }
    };
  }

  function RequestError(kind, status, message, retryAfter) {
    this.kind = kind;
    this.status = status;
    this.serverMessage = message;
    this.retryAfter = retryAfter;
  }

  function errorFromResponse(response) {
    var retryAfter = parseInt(response.headers.get("Retry-After") || "", 10);
    return response.json().then(
      function (body) { return new RequestError("http", response.status, body && body.message, retryAfter); },
      function () { return new RequestError("http", response.status, null, retryAfter); }
    );
  }

  function postJson(url, body, signal) {
    return fetch(url, {
      method: "POST",
      headers: { "Content-Type": "application/json", Accept: "application/json, text/event-stream" },
      body: JSON.stringify(body),
      signal: signal,
      credentials: "omit"
    }).catch(function () {
      throw new RequestError("network");
    });
  }

  function streamAnswer(base, body, onDelta) {
    var controller = new AbortController();
    var timer = setTimeout(function () { controller.abort(); }, TIMEOUT_MS);
    return postJson(base + "/v1/ask/stream", body, controller.signal).then(function (response) {
      if (!response.ok) return errorFromResponse(response).then(function (error) { throw error; });
      return readStream(response, onDelta);
    }).finally(function () { clearTimeout(timer); });
  }

  function readStream(response, onDelta) {
    var reader = response.body.getReader();
    var decoder = new TextDecoder();
    var result = null, failure = null;
    var parser = createSseParser(function (name, data) {
      var payload = JSON.parse(data);
      if (name === "delta") onDelta(payload.text || "");
      else if (name === "answer") result = payload;
      else if (name === "error") failure = new RequestError("http", payload.status, payload.message);
    });
    function pump() {
      return reader.read().then(function (chunk) {
        if (chunk.done) {
          parser.end();
          if (failure) throw failure;
          if (!result) throw new RequestError("interrupted");
          return result;
        }
        parser.push(decoder.decode(chunk.value, { stream: true }));
        return pump();
      }, function () {
        throw new RequestError("interrupted");
      });
    }
    return pump();
  }

  function describeError(error, t) {
    if (!(error instanceof RequestError) || error.kind === "network") return { text: t.network, retry: true };
    if (error.kind === "interrupted") return { text: t.interrupted, retry: true };
    if (error.status === 429) {
      var text = error.retryAfter > 0 ? t.busyFor.replace("{s}", String(error.retryAfter)) : t.busy;
      return { text: text, retry: true };
    }
    if (error.status === 503) return { text: t.notReady, retry: true };
    if (error.status === 403) return { text: t.forbidden, retry: false };
    if (error.status >= 400 && error.status < 500 && error.serverMessage) return { text: error.serverMessage, retry: false };
    return { text: t.generic, retry: true };
  }

  // ---- the widget ----

  function Widget(config) {
    this.config = config;
    this.t = config.t;
    this.storage = createStorage(config.base);
    this.state = this.storage.load();
    this.pending = false;
    this.ids = 0;
  }

  Widget.prototype.mount = function () {
    var host = document.createElement(TAG);
    var shadow = host.attachShadow({ mode: "open" });
    var link = el("link", { rel: "stylesheet", href: this.config.stylesheet });
    var self = this;
    var mounted = false;
    function build() {
      if (mounted) return;
      mounted = true;
      shadow.appendChild(self.build());
      self.restore();
    }
    link.addEventListener("load", build);
    link.addEventListener("error", build);
    shadow.appendChild(link);
    document.body.appendChild(host);
    this.shadow = shadow;
  };

  Widget.prototype.id = function (prefix) {
    this.ids += 1;
    return "ks-" + prefix + "-" + this.ids;
  };

  Widget.prototype.build = function () {
    var t = this.t, c = this.config;
    this.launcher = el("button", { type: "button", class: "ks-launcher", "aria-expanded": "false", "aria-controls": "ks-panel" }, [
      icon("chat"), el("span", { class: "ks-launcher-label", text: t.launcher })
    ]);
    this.panel = this.buildPanel();
    var root = el("div", { class: "ks-root ks-" + c.position, lang: c.lang }, [this.launcher, this.panel]);
    root.style.setProperty("--ks-accent", c.colors.accent);
    root.style.setProperty("--ks-on-accent", c.colors.onAccent);
    root.style.setProperty("--ks-accent-ink", c.colors.accentInk);
    this.launcher.addEventListener("click", this.toggle.bind(this));
    root.addEventListener("keydown", this.onKey.bind(this));
    return root;
  };

  Widget.prototype.buildPanel = function () {
    var t = this.t, c = this.config;
    this.closeButton = iconButton("close", t.close);
    this.clearButton = iconButton("clear", t.clear);
    this.log = el("div", { class: "ks-log", role: "log", "aria-live": "polite", "aria-label": c.title });
    this.log.appendChild(el("div", { class: "ks-message ks-bot ks-greeting" }, [el("p", { class: "ks-text", text: c.greeting })]));
    this.status = el("p", { class: "ks-visually-hidden", role: "status" });
    this.errorBox = this.buildErrorBox();
    this.form = this.buildForm();
    var panel = el("section", { id: "ks-panel", class: "ks-panel", role: "dialog", "aria-labelledby": "ks-title", hidden: true }, [
      el("header", { class: "ks-header" }, [el("h2", { id: "ks-title", class: "ks-title", text: c.title }), this.clearButton, this.closeButton]),
      this.log, this.status, this.errorBox, this.form,
      el("p", { class: "ks-disclaimer", text: t.disclaimer })
    ]);
    this.closeButton.addEventListener("click", this.close.bind(this));
    this.clearButton.addEventListener("click", this.clear.bind(this));
    return panel;
  };

  Widget.prototype.buildErrorBox = function () {
    this.errorText = el("p", { class: "ks-error-text" });
    this.retryButton = el("button", { type: "button", class: "ks-button ks-retry", text: this.t.retry });
    this.retryButton.addEventListener("click", this.retry.bind(this));
    return el("div", { class: "ks-error", role: "alert", hidden: true }, [icon("warning"), this.errorText, this.retryButton]);
  };

  Widget.prototype.buildForm = function () {
    var t = this.t;
    this.input = el("textarea", { id: "ks-input", class: "ks-input", rows: "1", maxlength: String(MAX_QUESTION), placeholder: this.config.placeholder, autocomplete: "off" });
    this.sendButton = el("button", { type: "submit", class: "ks-send", "aria-label": t.send, title: t.send }, [icon("send")]);
    var form = el("form", { class: "ks-form" }, [
      el("label", { for: "ks-input", class: "ks-visually-hidden", text: t.inputLabel }), this.input, this.sendButton
    ]);
    form.addEventListener("submit", this.onSubmit.bind(this));
    this.input.addEventListener("keydown", this.onInputKey.bind(this));
    this.input.addEventListener("input", this.onInput.bind(this));
    return form;
  };

  Widget.prototype.restore = function () {
    var self = this;
    this.state.turns.forEach(function (turn) { self.log.appendChild(self.renderTurn(turn)); });
    this.input.value = this.state.draft || "";
    this.fitInput();
    if (this.state.open) this.open(false);
  };

  Widget.prototype.save = function () {
    this.state.draft = this.input.value;
    this.storage.save(this.state);
  };

  // ---- open, close, clear ----

  Widget.prototype.toggle = function () {
    if (this.panel.hidden) this.open(true);
    else this.close();
  };

  Widget.prototype.open = function (focus) {
    this.panel.hidden = false;
    this.launcher.setAttribute("aria-expanded", "true");
    this.launcher.parentNode.classList.add("ks-is-open");
    this.state.open = true;
    this.save();
    this.scrollToEnd(true);
    if (focus) this.input.focus();
  };

  Widget.prototype.close = function () {
    this.panel.hidden = true;
    this.launcher.setAttribute("aria-expanded", "false");
    this.launcher.parentNode.classList.remove("ks-is-open");
    this.state.open = false;
    this.save();
    this.launcher.focus();
  };

  Widget.prototype.clear = function () {
    if (this.pending) return;
    this.state.turns = [];
    Array.prototype.slice.call(this.log.querySelectorAll(".ks-turn")).forEach(function (node) { node.remove(); });
    this.hideError();
    this.save();
    this.announce(this.t.cleared);
    this.input.focus();
  };

  // Escape closes the open panel wherever focus is inside the widget, the launcher included.
  Widget.prototype.onKey = function (event) {
    if (event.key === "Escape" && !this.panel.hidden) {
      event.preventDefault();
      this.close();
    }
  };

  Widget.prototype.announce = function (text) {
    this.status.textContent = "";
    var status = this.status;
    setTimeout(function () { status.textContent = text; }, 50);
  };

  // ---- asking ----

  Widget.prototype.onInputKey = function (event) {
    if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      this.submit();
    }
  };

  Widget.prototype.onInput = function () {
    this.fitInput();
    this.save();
  };

  Widget.prototype.fitInput = function () {
    this.input.style.height = "auto";
    this.input.style.height = Math.min(this.input.scrollHeight, 140) + "px";
  };

  Widget.prototype.onSubmit = function (event) {
    event.preventDefault();
    this.submit();
  };

  Widget.prototype.retry = function () {
    this.input.focus();
    this.submit();
  };

  Widget.prototype.history = function () {
    return this.state.turns.slice(-MAX_HISTORY).map(function (turn) {
      return { question: turn.question, answer: String(turn.answer.answer || "").slice(0, MAX_ANSWER) };
    });
  };

  Widget.prototype.submit = function () {
    var question = this.input.value.trim();
    if (!question || this.pending) return;
    var body = { question: question, history: this.history(), channel: "widget" };
    var turn = { question: question, answer: null, vote: 0, feedback: null };
    var node = this.renderTurn(turn);
    this.log.appendChild(node);
    this.pending = true;
    this.sendButton.disabled = true;
    this.hideError();
    this.input.value = "";
    this.fitInput();
    this.save();
    this.scrollToEnd(true);
    var self = this;
    streamAnswer(this.config.base, body, function (text) { self.appendDelta(node, text); }).then(
      function (answer) { self.finish(turn, node, answer); },
      function (error) { self.fail(question, node, error); }
    );
  };

  Widget.prototype.appendDelta = function (node, text) {
    var target = node.querySelector(".ks-answer-text");
    var waiting = node.querySelector(".ks-thinking");
    if (waiting) waiting.remove();
    target.appendChild(document.createTextNode(text));
    this.scrollToEnd(false);
  };

  Widget.prototype.finish = function (turn, node, answer) {
    turn.answer = answer;
    this.state.turns.push(turn);
    var fresh = this.renderTurn(turn);
    node.replaceWith(fresh);
    this.pending = false;
    this.sendButton.disabled = false;
    this.save();
    this.scrollToEnd(false);
  };

  Widget.prototype.fail = function (question, node, error) {
    node.remove();
    this.pending = false;
    this.sendButton.disabled = false;
    if (!this.input.value.trim()) {
      this.input.value = question;
      this.fitInput();
    }
    this.save();
    this.showError(describeError(error, this.t));
  };

  Widget.prototype.showError = function (problem) {
    this.errorText.textContent = problem.text;
    this.retryButton.hidden = !problem.retry;
    this.errorBox.hidden = false;
  };

  Widget.prototype.hideError = function () {
    this.errorBox.hidden = true;
    this.errorText.textContent = "";
  };

  Widget.prototype.scrollToEnd = function (force) {
    var log = this.log;
    var nearEnd = log.scrollHeight - log.scrollTop - log.clientHeight < 80;
    if (force || nearEnd) log.scrollTop = log.scrollHeight;
  };

  // ---- rendering a turn: question, answer with [n] markers, warnings, sources, feedback ----

  Widget.prototype.renderTurn = function (turn) {
    var t = this.t;
    var node = el("div", { class: "ks-turn" }, [
      el("div", { class: "ks-message ks-user" }, [el("span", { class: "ks-visually-hidden", text: t.you + ": " }), el("p", { class: "ks-text", text: turn.question })])
    ]);
    node.appendChild(turn.answer ? this.renderAnswer(turn) : this.renderPending());
    return node;
  };

  Widget.prototype.renderPending = function () {
    return el("div", { class: "ks-message ks-bot", "aria-busy": "true" }, [
      el("span", { class: "ks-visually-hidden", text: this.t.bot + ": " }),
      el("p", { class: "ks-thinking", text: this.t.thinking }),
      el("p", { class: "ks-text ks-answer-text" })
    ]);
  };

  Widget.prototype.renderAnswer = function (turn) {
    var t = this.t, answer = turn.answer;
    var citations = Array.isArray(answer.citations) ? answer.citations : [];
    var bubble = el("div", { class: "ks-message ks-bot" + (answer.abstained ? " ks-abstained" : "") }, [
      el("span", { class: "ks-visually-hidden", text: t.bot + ": " })
    ]);
    if (answer.warnings && answer.warnings.length) bubble.appendChild(this.renderWarnings(answer.warnings));
    if (answer.abstained) bubble.appendChild(el("p", { class: "ks-abstained-label" }, [icon("info"), t.abstained]));
    var sourceIds = {};
    citations.forEach(function (citation) { sourceIds[citation.n] = this.id("source"); }, this);
    bubble.appendChild(this.renderAnswerText(String(answer.answer || ""), citations, sourceIds));
    if (answer.abstained) bubble.appendChild(el("p", { class: "ks-hint", text: t.rephrase }));
    if (citations.length) bubble.appendChild(this.renderSources(citations, sourceIds));
    bubble.appendChild(this.renderFeedback(turn));
    return bubble;
  };

  Widget.prototype.renderWarnings = function (warnings) {
    return el("div", { class: "ks-warning", role: "note" }, [
      icon("warning"),
      el("div", {}, [el("strong", { text: this.t.note })].concat(warnings.map(function (text) { return el("p", { text: String(text) }); })))
    ]);
  };

  Widget.prototype.renderAnswerText = function (text, citations, sourceIds) {
    var paragraph = el("p", { class: "ks-text ks-answer-text" });
    var byNumber = {};
    citations.forEach(function (citation) { byNumber[citation.n] = citation; });
    var pattern = /\[(\d+)\]/g, last = 0, match;
    while ((match = pattern.exec(text))) {
      var citation = byNumber[Number(match[1])];
      if (!citation) continue;
      appendEmphasis(paragraph, text.slice(last, match.index));
      paragraph.appendChild(this.renderMarker(citation, sourceIds[citation.n]));
      last = pattern.lastIndex;
    }
    return appendEmphasis(paragraph, text.slice(last));
  };

  Widget.prototype.renderMarker = function (citation, sourceId) {
    var label = this.t.source + " " + citation.n + ": " + String(citation.title || "");
    var marker = el("button", { type: "button", class: "ks-marker", "aria-label": label, "aria-controls": sourceId, "data-n": citation.n, text: "[" + citation.n + "]" });
    marker.addEventListener("click", this.highlight.bind(this, sourceId));
    return marker;
  };

  Widget.prototype.highlight = function (sourceId) {
    var target = this.shadow.getElementById(sourceId);
    if (!target) return;
    Array.prototype.slice.call(this.shadow.querySelectorAll(".ks-source.ks-highlight")).forEach(function (node) {
      node.classList.remove("ks-highlight");
    });
    target.classList.add("ks-highlight");
    target.focus({ preventScroll: true });
    target.scrollIntoView({ block: "nearest", behavior: "smooth" });
  };

  Widget.prototype.renderSources = function (citations, sourceIds) {
    var t = this.t;
    var list = el("ol", { class: "ks-sources" });
    citations.forEach(function (citation) { list.appendChild(this.renderSource(citation, sourceIds[citation.n])); }, this);
    return el("div", { class: "ks-sources-box" }, [el("h3", { class: "ks-sources-title", text: t.sources }), list]);
  };

  Widget.prototype.renderSource = function (citation, sourceId) {
    var t = this.t;
    var title = String(citation.title || citation.source || "");
    var url = safeUrl(citation.url);
    var heading = url
      ? el("a", { class: "ks-source-title", href: url, target: "_blank", rel: "noopener noreferrer" }, [title, el("span", { class: "ks-visually-hidden", text: " " + t.newTab })])
      : el("span", { class: "ks-source-title", text: title });
    var meta = [citation.section, citation.page ? t.page + " " + citation.page : null].filter(Boolean).join(" · ");
    return el("li", { id: sourceId, class: "ks-source", tabindex: "-1" }, [
      el("span", { class: "ks-source-n", "aria-hidden": "true", text: String(citation.n) }),
      el("div", { class: "ks-source-body" }, [
        heading,
        meta ? el("span", { class: "ks-source-meta", text: meta }) : null,
        citation.quote ? appendEmphasis(el("blockquote", { class: "ks-source-quote" }), shorten(citation.quote, QUOTE_CHARS)) : null
      ])
    ]);
  };

  // ---- feedback ----

  Widget.prototype.renderFeedback = function (turn) {
    var t = this.t;
    var labelId = this.id("helpful");
    var up = el("button", { type: "button", class: "ks-vote", "aria-label": t.up, title: t.up, "aria-pressed": String(turn.vote === 1) }, [icon("up")]);
    var down = el("button", { type: "button", class: "ks-vote", "aria-label": t.down, title: t.down, "aria-pressed": String(turn.vote === -1) }, [icon("down")]);
    var status = el("p", { class: "ks-feedback-status", role: "status", text: turn.feedback === "sent" ? t.thanks : "" });
    var box = el("div", { class: "ks-feedback", role: "group", "aria-labelledby": labelId }, [
      el("span", { id: labelId, class: "ks-feedback-label", text: t.helpful }), up, down, status
    ]);
    if (turn.feedback === "sent") {
      up.disabled = true;
      down.disabled = true;
      return box;
    }
    var form = this.renderCommentForm(turn, box, [up, down], status);
    box.insertBefore(form, status);
    up.addEventListener("click", this.chooseVote.bind(this, turn, 1, [up, down], form));
    down.addEventListener("click", this.chooseVote.bind(this, turn, -1, [up, down], form));
    return box;
  };

  Widget.prototype.chooseVote = function (turn, vote, buttons, form) {
    turn.vote = vote;
    buttons[0].setAttribute("aria-pressed", String(vote === 1));
    buttons[1].setAttribute("aria-pressed", String(vote === -1));
    form.hidden = false;
    form.querySelector("textarea").focus();
  };

  Widget.prototype.renderCommentForm = function (turn, box, buttons, status) {
    var t = this.t, commentId = this.id("comment");
    var comment = el("textarea", { id: commentId, class: "ks-comment-input", rows: "2", maxlength: "2000", placeholder: t.commentHint });
    var cancel = el("button", { type: "button", class: "ks-button ks-secondary", text: t.cancel });
    var form = el("form", { class: "ks-comment", hidden: true }, [
      el("label", { for: commentId, class: "ks-comment-label", text: t.comment }), comment,
      el("div", { class: "ks-comment-actions" }, [el("button", { type: "submit", class: "ks-button", text: t.sendFeedback }), cancel])
    ]);
    var self = this;
    cancel.addEventListener("click", function () {
      form.hidden = true;
      turn.vote = 0;
      buttons.forEach(function (button) { button.setAttribute("aria-pressed", "false"); });
      buttons[0].focus();
    });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      self.sendFeedback(turn, comment.value.trim(), { form: form, buttons: buttons, status: status });
    });
    return form;
  };

  Widget.prototype.sendFeedback = function (turn, comment, parts) {
    var t = this.t, self = this;
    var body = {
      question: turn.question,
      answer: String(turn.answer.answer || "").slice(0, MAX_ANSWER),
      citations: turn.answer.citations || [],
      vote: turn.vote,
      comment: comment,
      channel: "widget"
    };
    postJson(this.config.base + "/v1/feedback", body).then(function (response) {
      if (!response.ok) throw new RequestError("http", response.status);
      turn.feedback = "sent";
      parts.form.remove();
      parts.buttons.forEach(function (button) { button.disabled = true; });
      parts.status.textContent = t.thanks;
      self.save();
      parts.buttons[turn.vote === 1 ? 0 : 1].focus();
    }).catch(function () {
      parts.status.textContent = t.feedbackFailed;
    });
  };

  // ---- start ----

  function start() {
    if (document.querySelector(TAG)) return;
    new Widget(readConfig(script)).mount();
  }

  var script = findScript();
  if (document.body) start();
  else document.addEventListener("DOMContentLoaded", start);
})();
