/* Kildesvar admin page: plain JavaScript, no build step. Signs in with an admin key (POST /admin/session sets
   an HttpOnly, SameSite=Strict cookie and returns a CSRF token that every change sends as X-CSRF-Token), then
   drives the admin API: /v1/documents (list, search, upload with progress, delete, re-index, failures) and
   /v1/reports (feedback with filters and CSV export, the knowledge-gap report). Text from the server is only
   ever set as textContent, never as HTML. */

(function () {
  "use strict";

  var PAGE_SIZE = 50;
  var state = { csrf: null, offset: 0, query: "", total: 0, pendingDelete: null };

  function $(id) {
    return document.getElementById(id);
  }

  function element(tag, text, className) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = String(text);
    if (className) node.className = className;
    return node;
  }

  function row(cells) {
    var tr = document.createElement("tr");
    cells.forEach(function (cell) {
      var td = cell instanceof Node ? cell : element("td", cell);
      if (cell instanceof Node && cell.tagName !== "TD") {
        td = document.createElement("td");
        td.appendChild(cell);
      }
      tr.appendChild(td);
    });
    return tr;
  }

  function emptyRow(body, columns, text) {
    var td = element("td", text, "ka-empty");
    td.colSpan = columns;
    var tr = document.createElement("tr");
    tr.appendChild(td);
    body.appendChild(tr);
  }

  function formatTime(iso) {
    if (!iso) return "";
    var moment = new Date(iso);
    return moment.toLocaleString("nb-NO", { dateStyle: "short", timeStyle: "short" });
  }

  function formatDate(iso) {
    return iso ? new Date(iso).toLocaleDateString("nb-NO", { dateStyle: "short" }) : "";
  }

  function announce(text) {
    $("status").textContent = text;
  }

  function errorText(body, status) {
    if (body && body.message) return body.message;
    return "Noe gikk galt (HTTP " + status + "). Prøv igjen.";
  }

  function api(method, path, body) {
    var headers = { Accept: "application/json" };
    if (method !== "GET" && state.csrf) headers["X-CSRF-Token"] = state.csrf;
    if (body !== undefined) headers["Content-Type"] = "application/json";
    return fetch(path, {
      method: method,
      headers: headers,
      credentials: "same-origin",
      body: body === undefined ? undefined : JSON.stringify(body)
    }).then(function (response) {
      if (response.status === 204) return null;
      return response.json().catch(function () { return null; }).then(function (data) {
        if (response.status === 401) showSignIn(errorText(data, response.status));
        if (!response.ok) throw new Error(errorText(data, response.status));
        return data;
      });
    });
  }

  /* ---- sign-in ---- */

  function showSignIn(message) {
    state.csrf = null;
    $("app").hidden = true;
    $("who").hidden = true;
    $("sign-out").hidden = true;
    $("sign-in").hidden = false;
    $("sign-in-error").textContent = message || "";
    $("key").focus();
  }

  function showApp(session) {
    state.csrf = session.csrf_token || null;
    $("sign-in").hidden = true;
    $("app").hidden = false;
    $("who").hidden = !session.signed_in;
    $("who").textContent = session.signed_in ? "Innlogget med nøkkelen «" + session.key_name + "»" : "";
    $("sign-out").hidden = !session.signed_in;
    showView("documents");
  }

  function checkSession() {
    api("GET", "/admin/session").then(function (session) {
      if (session.signed_in || session.open) showApp(session);
      else showSignIn("");
    }).catch(function (error) { showSignIn(error.message); });
  }

  function signIn(event) {
    event.preventDefault();
    var key = $("key").value.trim();
    if (!key) {
      $("sign-in-error").textContent = "Skriv inn admin-nøkkelen.";
      $("key").setAttribute("aria-invalid", "true");
      $("key").focus();
      return;
    }
    api("POST", "/admin/session", { key: key }).then(function (session) {
      $("key").value = "";
      $("key").removeAttribute("aria-invalid");
      announce("Du er logget inn.");
      showApp(session);
    }).catch(function (error) {
      $("sign-in-error").textContent = error.message;
      $("key").setAttribute("aria-invalid", "true");
      $("key").focus();
    });
  }

  function signOut() {
    api("DELETE", "/admin/session").then(function () {
      announce("Du er logget ut.");
      showSignIn("");
    }).catch(function (error) { announce(error.message); });
  }

  /* ---- views ---- */

  var loaders = {
    documents: loadDocuments,
    failures: loadFailures,
    feedback: loadFeedback,
    gaps: loadGaps
  };

  function showView(name) {
    document.querySelectorAll(".ka-tab").forEach(function (tab) {
      if (tab.dataset.view === name) tab.setAttribute("aria-current", "page");
      else tab.removeAttribute("aria-current");
    });
    document.querySelectorAll(".ka-view").forEach(function (view) {
      view.hidden = view.id !== "view-" + name;
    });
    loaders[name]();
  }

  /* ---- documents ---- */

  function loadDocuments() {
    var params = new URLSearchParams({ q: state.query, offset: String(state.offset), limit: String(PAGE_SIZE) });
    return api("GET", "/v1/documents?" + params).then(function (page) {
      state.total = page.total;
      var body = $("documents");
      body.replaceChildren();
      page.documents.forEach(function (doc) { body.appendChild(documentRow(doc)); });
      if (!page.documents.length) emptyRow(body, 7, state.query ? "Ingen dokumenter passer søket." : "Ingen dokumenter ennå.");
      var last = Math.min(page.offset + page.documents.length, page.total);
      $("document-count").textContent = page.total
        ? "Viser " + (page.offset + 1) + "–" + last + " av " + page.total + " dokumenter."
        : "";
      $("pager").hidden = page.offset === 0 && last >= page.total;
      $("previous-page").disabled = page.offset === 0;
      $("next-page").disabled = last >= page.total;
    }).catch(function (error) { announce(error.message); });
  }

  function documentRow(doc) {
    var title = element("td");
    title.appendChild(element("strong", doc.title || doc.id));
    var source = element("td", doc.source, "ka-source");
    var changes = element("td");
    var announced = doc.amendments.amended_sections + doc.amendments.repealed_sections;
    if (announced) {
      changes.appendChild(element("span", announced + " varslet", "ka-badge"));
    }
    var actions = element("div", null, "ka-actions");
    var reindex = element("button", "Les inn på nytt", "ka-button ka-small");
    reindex.type = "button";
    reindex.setAttribute("aria-label", "Les inn på nytt: «" + doc.title + "»");
    reindex.addEventListener("click", function () { reindexDocument(doc); });
    actions.appendChild(reindex);
    if (doc.deletable) {
      var remove = element("button", "Slett", "ka-button ka-small");
      remove.type = "button";
      remove.setAttribute("aria-label", "Slett «" + doc.title + "»");
      remove.addEventListener("click", function () { confirmDelete(doc); });
      actions.appendChild(remove);
    }
    var origin = doc.origin === "upload" ? "Opplastet" : doc.origin === "folder" ? "Mappe" : "";
    var type = element("td", [doc.type, origin].filter(Boolean).join(" · "));
    var chunks = element("td", doc.chunks, "ka-number");
    return row([title, type, source, chunks, formatTime(doc.ingested_at), changes, actions]);
  }

  function searchDocuments(event) {
    event.preventDefault();
    state.query = $("document-q").value.trim();
    state.offset = 0;
    loadDocuments();
  }

  function page(step) {
    state.offset = Math.max(0, state.offset + step * PAGE_SIZE);
    loadDocuments();
  }

  function confirmDelete(doc) {
    state.pendingDelete = doc;
    $("confirm-text").textContent = "«" + doc.title + "» (" + doc.id + ") fjernes fra kunnskapsbasen, og den " +
      "opplastede filen slettes. Dette kan ikke angres.";
    $("confirm-delete").showModal();
  }

  function closeDelete() {
    var doc = state.pendingDelete;
    state.pendingDelete = null;
    if (!doc || $("confirm-delete").returnValue !== "delete") return;
    api("DELETE", "/v1/documents/" + encodeURI(doc.id)).then(function () {
      announce("«" + doc.title + "» er slettet.");
      loadDocuments();
    }).catch(function (error) { announce(error.message); });
  }

  function reindexDocument(doc) {
    announce("Leser inn «" + doc.title + "» på nytt …");
    api("POST", "/v1/documents/" + encodeURI(doc.id) + "/reindex").then(function (result) {
      var file = result.files[0];
      announce(file.outcome === "failed"
        ? "«" + doc.title + "» kunne ikke leses inn på nytt: " + file.reason
        : "«" + doc.title + "» er lest inn på nytt (" + file.chunks + " avsnitt).");
      loadDocuments();
    }).catch(function (error) { announce(error.message); });
  }

  /* ---- upload ---- */

  var OUTCOMES = {
    added: "lagt til",
    updated: "oppdatert",
    unchanged: "uendret",
    deleted: "slettet",
    failed: "feilet"
  };

  function upload(files) {
    if (!files.length) return;
    var form = new FormData();
    Array.prototype.forEach.call(files, function (file) { form.append("files", file, file.name); });
    var request = new XMLHttpRequest();
    request.open("POST", "/v1/documents");
    request.setRequestHeader("Accept", "application/json");
    if (state.csrf) request.setRequestHeader("X-CSRF-Token", state.csrf);
    var progress = $("progress");
    progress.value = 0;
    $("progress-label").textContent = "Laster opp " + files.length + (files.length === 1 ? " fil …" : " filer …");
    $("upload-progress").hidden = false;
    $("upload-results").replaceChildren();
    request.upload.addEventListener("progress", function (event) {
      if (event.lengthComputable) progress.value = Math.round((event.loaded / event.total) * 100);
    });
    request.upload.addEventListener("load", function () {
      progress.value = 100;
      $("progress-label").textContent = "Leser inn filene …";
    });
    request.addEventListener("load", function () {
      $("upload-progress").hidden = true;
      var body = null;
      try { body = JSON.parse(request.responseText); } catch (ignored) { body = null; }
      if (request.status !== 200) {
        announce(errorText(body, request.status));
        if (request.status === 401) showSignIn(errorText(body, request.status));
        return;
      }
      showResults(body.files);
      loadDocuments();
    });
    request.addEventListener("error", function () {
      $("upload-progress").hidden = true;
      announce("Opplastingen ble avbrutt. Sjekk nettverket og prøv igjen.");
    });
    request.send(form);
  }

  function showResults(files) {
    var list = $("upload-results");
    var failed = 0;
    files.forEach(function (file) {
      var item = element("li");
      var ok = file.outcome !== "failed";
      if (!ok) failed += 1;
      item.appendChild(element("span", file.name + ": ", ""));
      item.appendChild(element("span", OUTCOMES[file.outcome] || file.outcome, ok ? "ka-outcome-ok" : "ka-outcome-failed"));
      if (file.reason) item.appendChild(element("span", " – " + file.reason));
      else if (ok && file.chunks) item.appendChild(element("span", " (" + file.chunks + " avsnitt)"));
      list.appendChild(item);
    });
    announce(files.length - failed + " av " + files.length + " filer lest inn" +
      (failed ? "; " + failed + " feilet." : "."));
  }

  function setUpDrop() {
    var drop = $("drop");
    ["dragenter", "dragover"].forEach(function (name) {
      drop.addEventListener(name, function (event) {
        event.preventDefault();
        drop.classList.add("ka-dragging");
      });
    });
    ["dragleave", "drop"].forEach(function (name) {
      drop.addEventListener(name, function () { drop.classList.remove("ka-dragging"); });
    });
    drop.addEventListener("drop", function (event) {
      event.preventDefault();
      upload(event.dataTransfer.files);
    });
    $("files").addEventListener("change", function () {
      upload($("files").files);
      $("files").value = "";
    });
  }

  /* ---- failed files ---- */

  var KINDS = { folder: "Mappe (kildesvar ingest)", upload: "Opplasting", reindex: "Ny innlesing", delete: "Sletting" };

  function loadFailures() {
    api("GET", "/v1/documents/failures?limit=200").then(function (result) {
      var body = $("failures");
      body.replaceChildren();
      result.failures.forEach(function (failure) {
        body.appendChild(row([
          element("td", failure.source, "ka-source"), failure.reason, KINDS[failure.kind] || failure.kind,
          formatTime(failure.failed_at)
        ]));
      });
      if (!result.failures.length) emptyRow(body, 4, "Ingen filer har feilet.");
    }).catch(function (error) { announce(error.message); });
  }

  /* ---- feedback ---- */

  var CHANNELS = { widget: "Chat på nettsiden", slack: "Slack", teams: "Teams", api: "API" };

  function feedbackParams() {
    var params = new URLSearchParams();
    ["vote", "channel", "since", "q"].forEach(function (name) {
      var value = $("feedback-" + name).value.trim();
      if (value) params.set(name, value);
    });
    return params;
  }

  function loadFeedback(event) {
    if (event) event.preventDefault();
    var params = feedbackParams();
    var csv = new URLSearchParams(params);
    csv.set("format", "csv");
    $("feedback-export").href = "/v1/reports/feedback?" + csv;
    api("GET", "/v1/reports/feedback?" + params).then(function (result) {
      var body = $("feedback");
      body.replaceChildren();
      result.entries.forEach(function (entry) {
        body.appendChild(row([
          formatTime(entry.created_at), entry.vote > 0 ? "Tommel opp" : "Tommel ned",
          CHANNELS[entry.channel] || entry.channel, entry.question, entry.comment,
          element("td", entry.sources.join(", "), "ka-source")
        ]));
      });
      if (!result.entries.length) emptyRow(body, 6, "Ingen tilbakemeldinger passer filteret.");
      $("feedback-count").textContent = result.total + (result.total === 1 ? " tilbakemelding." : " tilbakemeldinger.");
    }).catch(function (error) { announce(error.message); });
  }

  /* ---- knowledge gaps ---- */

  function loadGaps(event) {
    if (event) event.preventDefault();
    var since = $("gap-since").value;
    $("gaps-csv").href = "/v1/reports/gaps?format=csv&since=" + encodeURIComponent(since);
    $("gaps-markdown").href = "/v1/reports/gaps?format=markdown&since=" + encodeURIComponent(since);
    $("gap-count").textContent = "Henter rapporten …";
    api("GET", "/v1/reports/gaps?since=" + encodeURIComponent(since)).then(function (report) {
      var body = $("gaps");
      body.replaceChildren();
      report.groups.forEach(function (group) {
        var others = group.wordings.filter(function (w) { return w.text !== group.question; });
        body.appendChild(row([
          element("td", group.question), element("td", group.count, "ka-number"),
          element("td", group.refused, "ka-number"), element("td", group.thumbs_down, "ka-number"),
          formatDate(group.first_asked), formatDate(group.last_asked),
          others.map(function (w) { return w.text + (w.count > 1 ? " (" + w.count + ")" : ""); }).join("; ")
        ]));
      });
      if (!report.groups.length) emptyRow(body, 7, "Ingen avslåtte eller dårlig vurderte spørsmål i perioden.");
      $("gap-count").textContent = report.groups.length + " grupper fra " + formatDate(report.since) + " til " +
        formatDate(report.until) + ".";
    }).catch(function (error) {
      $("gap-count").textContent = "";
      announce(error.message);
    });
  }

  /* ---- start ---- */

  document.addEventListener("DOMContentLoaded", function () {
    $("sign-in-form").addEventListener("submit", signIn);
    $("sign-out").addEventListener("click", signOut);
    document.querySelectorAll(".ka-tab").forEach(function (tab) {
      tab.addEventListener("click", function () { showView(tab.dataset.view); });
    });
    $("document-search").addEventListener("submit", searchDocuments);
    $("previous-page").addEventListener("click", function () { page(-1); });
    $("next-page").addEventListener("click", function () { page(1); });
    $("confirm-delete").addEventListener("close", closeDelete);
    $("feedback-filters").addEventListener("submit", loadFeedback);
    $("gap-filters").addEventListener("submit", loadGaps);
    setUpDrop();
    checkSession();
  });
})();
