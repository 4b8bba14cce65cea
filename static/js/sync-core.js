// What the page side of the outbox shares: who is logged in, the CSRF token, the capture form,
// the sync state, and refresh(), which repaints every view from the outbox. The other sync-*.js
// files each do one job with it: queue (forms into the outbox), loop (when to flush and pull),
// status (the badge and refused changes), views (counter, Recent, the offline event line).
(function () {
  "use strict";

  var outbox = window.netpwaOutbox;
  var status = document.getElementById("sync-status");
  if (!outbox || !status || !window.indexedDB) return;

  var pulledToken = null;
  var painters = [];

  function csrfToken() {
    return pulledToken || (window.netpwa && window.netpwa.csrfToken ? window.netpwa.csrfToken() : "");
  }

  // A fresh token from /api/changes also serves htmx, which reads the meta tag.
  function useToken(token) {
    if (!token) return;
    pulledToken = token;
    var meta = document.querySelector('meta[name="csrf-token"]');
    if (meta) meta.content = token;
  }

  function captureForm() { return document.getElementById("capture-form"); }

  function pageEventId() {
    var form = captureForm();
    return form && form.dataset.eventId ? form.dataset.eventId : null;
  }

  // What a successful save does to the form: empty fields, no errors, a new UUID, focus on Name.
  function clearCaptureForm(form) {
    form.querySelectorAll("input, textarea, select").forEach(function (input) {
      if (input.name === "csrf_token" || input.type === "submit" || input.type === "button") return;
      if (input.name === "uuid") input.value = outbox.newUuid();
      else if (input.type === "checkbox" || input.type === "radio") input.checked = false;
      else input.value = "";
      input.removeAttribute("aria-invalid");
    });
    form.querySelectorAll(".field--error").forEach(function (el) { el.classList.remove("field--error"); });
    form.querySelectorAll(".field__error").forEach(function (el) { el.textContent = ""; });
    form.querySelectorAll("details[open]").forEach(function (el) { el.open = false; });
    if (form.elements.name) form.elements.name.focus();
    form.dispatchEvent(new CustomEvent("netpwa:refilled"));
  }

  function describe(entry) {
    var who = entry.fields && entry.fields.name ? entry.fields.name : "A change";
    if (entry.op === "update") who = "An edit" + (entry.fields.name ? " to " + entry.fields.name : "");
    if (entry.op === "delete") who = "A delete";
    if (entry.op === "recall") who = "A name-practice answer";
    if (entry.type === "interaction") {
      who = entry.op === "delete" ? "A removed interaction"
        : (entry.op === "update" ? "An edit to a logged " : "A logged ") + (entry.fields.kind || "interaction");
    }
    return who + ": " + (entry.error || "the server refused it.");
  }

  function toast(text, action) {
    if (window.netpwa && window.netpwa.toast) window.netpwa.toast(text, action);
  }

  function askForBackgroundSync() {
    if (!("serviceWorker" in navigator) || !("SyncManager" in window)) return;
    navigator.serviceWorker.ready.then(function (registration) {
      return registration.sync.register(outbox.SYNC_TAG);
    }).catch(function () {});
  }

  var page = {
    outbox: outbox,
    status: status,
    user: status.dataset.user,
    offlineCopy: document.documentElement.hasAttribute("data-offline-copy"),
    // baseMet: the counter as the server last told it; failures/lastFailure: the flush's luck;
    // inflight: captures taken this frame, before IndexedDB has them; undone: uuid -> event id
    // of captures taken back here, until the server's counter knows.
    state: {baseMet: null, failures: 0, lastFailure: null, inflight: [], undone: {},
            pending: [], rejected: [], savedHere: false},
    csrfToken: csrfToken,
    useToken: useToken,
    captureForm: captureForm,
    pageEventId: pageEventId,
    clearCaptureForm: clearCaptureForm,
    describe: describe,
    toast: toast,
    askForBackgroundSync: askForBackgroundSync,
    // fn(pending, rejected), called on every refresh; may return a promise. pending is what
    // IndexedDB holds plus the captures still on their way into it, less those undone.
    paint: function (fn) { painters.push(fn); },
    refresh: async function () {
      var pending = await outbox.pending(page.user);
      page.state.rejected = await outbox.rejected(page.user);
      page.state.pending = pending;
      await page.paintNow();
      return pending;
    },
    // Repaint at once from what is known, without waiting for IndexedDB (the capture's frame).
    paintNow: async function () {
      var state = page.state;
      var stored = {};
      state.pending.forEach(function (entry) { stored[entry.uuid + entry.op] = true; });
      var pending = state.pending.concat(state.inflight.filter(function (entry) {
        return !stored[entry.uuid + entry.op];
      })).filter(function (entry) {
        return !(entry.op === "create" && entry.uuid in state.undone);
      });
      for (var i = 0; i < painters.length; i += 1) await painters[i](pending, state.rejected);
    },
    // Filled in by sync-loop.js.
    sync: function () { return Promise.resolve(); },
    scheduleNext: function () {},
  };
  page.options = {user: page.user, syncUrl: status.dataset.syncUrl, changesUrl: status.dataset.changesUrl,
                  csrfToken: csrfToken};

  window.netpwa = window.netpwa || {};
  window.netpwa.outboxPage = page;
})();
