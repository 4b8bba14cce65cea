// Forms marked data-outbox whose request can't reach the server (offline, network error,
// timeout, 5xx) are queued in the outbox instead: the capture form clears as if saved, with
// an Undo; edits, deletes and interactions logged, edited or removed on the timeline say they
// will sync.
(function () {
  "use strict";

  var page = window.netpwa && window.netpwa.outboxPage;
  if (!page) return;
  var outbox = page.outbox;

  var REQUEST_TIMEOUT_MS = 10000;
  var NAME_REQUIRED = "Enter a name, even just a first name.";

  function outboxForm(elt) {
    return elt && elt.closest ? elt.closest("[data-outbox]") : null;
  }

  function textFields(formData) {
    var fields = {};
    formData.forEach(function (value, name) {
      if (name !== "csrf_token" && name !== "uuid" && typeof value === "string") fields[name] = value;
    });
    return fields;
  }

  // An edit of a logged interaction: every field as the form has it; a kind without a
  // channel clears the channel (as the server's own edit does).
  function interactionFields(formData) {
    var fields = textFields(formData);
    var kind = (fields.kind || "").split(":");
    fields.kind = kind[0];
    fields.channel = kind[1] || "";
    return fields;
  }

  function itemFrom(form, formData) {
    var op = form.dataset.outbox;
    if (op === "interaction-update" || op === "interaction-delete") {
      return {op: op === "interaction-update" ? "update" : "delete", type: "interaction",
              uuid: form.dataset.interactionUuid, contact_uuid: form.dataset.contactUuid,
              fields: op === "interaction-update" ? interactionFields(formData) : {}};
    }
    if (op === "interaction") {
      // The tapped button is the kind; without it (Enter in the text field) the first one.
      var first = form.querySelector('button[name="kind"]');
      var logged = textFields(formData);
      var kind = (logged.kind || (first ? first.value : "")).split(":");  // "message:email"
      logged.kind = kind[0];
      if (kind[1]) logged.channel = kind[1];
      return {op: "create", type: "interaction", uuid: formData.get("uuid") || outbox.newUuid(),
              contact_uuid: form.dataset.contactUuid, fields: logged};
    }
    if (op === "create") {
      var fields = textFields(formData);
      fields.follow_up = formData.has("follow_up");
      var eventId = form.dataset.eventId;
      return {op: op, uuid: formData.get("uuid") || outbox.newUuid(), fields: fields,
              event_id: eventId === undefined ? undefined : (eventId ? Number(eventId) : null)};
    }
    return {op: op, uuid: form.dataset.contactUuid,
            fields: op === "update" ? textFields(formData) : {}};
  }

  function showNameError(form, message) {
    var field = form.querySelector(".field--name");
    var error = form.querySelector("#f-name-error");
    if (field) field.classList.add("field--error");
    if (error) error.textContent = message;
    form.elements.name.setAttribute("aria-invalid", "true");
    form.elements.name.focus();
  }

  // Undo takes the capture back out of the outbox, or, if it has reached the server (or may
  // have: its request timed out), queues its delete (the trash keeps it restorable). The
  // counter and Recent drop it at once; the outbox catches up behind.
  function undo(item, stored) {
    return async function () {
      page.state.undone[item.uuid] = item.event_id;
      page.toast(item.fields.name.trim() + " removed.");
      page.paintNow();
      var entry = await stored;
      var outcome = await outbox.withdraw(entry.seq);
      if (!outcome.present || outcome.maybeSent) {
        await outbox.enqueue(page.user, {op: "delete", uuid: item.uuid});
        page.askForBackgroundSync();
      }
      await page.refresh();
      page.sync();
    };
  }

  function offlineNow() {
    return !navigator.onLine || !!page.state.lastFailure;
  }

  function savedText(name) {
    return offlineNow() ? "Saved " + name + " on this phone. It will sync when you're back online."
      : "Saved " + name + ".";
  }

  // Local-first capture: once the service worker controls the page (so the outbox can always
  // be sent, even after the tab closes), Save never waits for the network. In the same frame
  // the form clears, Name has focus, the counter ticks and Undo shows; the outbox sends behind.
  // A double tap finds the form already empty and does nothing.
  var DOUBLE_TAP_MS = 1500;
  var lastCaptureAt = -Infinity;

  function localFirst() {
    return !!(navigator.serviceWorker && navigator.serviceWorker.controller);
  }

  function captureNow(form) {
    form.dispatchEvent(new CustomEvent("netpwa:capturing", {bubbles: true}));
    var item = itemFrom(form, new FormData(form));
    var name = (item.fields.name || "").trim();
    if (!name) {
      if (performance.now() - lastCaptureAt > DOUBLE_TAP_MS) showNameError(form, NAME_REQUIRED);
      return;
    }
    lastCaptureAt = performance.now();
    var state = page.state;
    var local = Object.assign({seq: null, client_time: new Date().toISOString()}, item);
    state.inflight.push(local);
    page.clearCaptureForm(form);
    page.paintNow();
    var stored = outbox.enqueue(page.user, item);
    page.toast(savedText(name), {label: "Undo", run: undo(item, stored)});
    form.dispatchEvent(new CustomEvent("netpwa:queued", {bubbles: true, detail: item}));
    stored.then(function (entry) {
      local.seq = entry.seq;
      return page.refresh();
    }).then(function () {
      state.inflight.splice(state.inflight.indexOf(local), 1);
      page.askForBackgroundSync();
      page.sync();
    }).catch(function () {
      // IndexedDB refused (private mode, disk full): fall back to sending the form itself.
      state.inflight.splice(state.inflight.indexOf(local), 1);
      page.toast("Couldn't keep " + name + " on this phone; sending it now.");
      page.paintNow();
      fillForm(form, item);
      form.dispatchEvent(new CustomEvent("netpwa:refilled"));
      form.dataset.sendDirect = "1";
      form.requestSubmit();
      delete form.dataset.sendDirect;
    });
  }

  function fillForm(form, item) {
    Object.keys(item.fields).forEach(function (key) {
      var input = form.elements[key];
      if (!input || input.length) return;
      if (input.type === "checkbox") input.checked = !!item.fields[key];
      else input.value = item.fields[key];
    });
    form.elements.uuid.value = item.uuid;
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (form.id !== "capture-form" || !localFirst() || form.dataset.sendDirect) return;
    event.preventDefault();
    event.stopImmediatePropagation();
    captureNow(form);
  }, true);

  async function queue(form, formData) {
    var item = itemFrom(form, formData || new FormData(form));
    if (!item.uuid) return;
    if (item.op === "create" && !item.type && !(item.fields.name || "").trim()) {
      showNameError(form, NAME_REQUIRED);
      return;
    }
    var stored = outbox.enqueue(page.user, item);
    await stored;
    page.state.queuedOffline = true;
    if (item.type === "interaction" && item.op === "create") {
      loggedHere(form);
    } else if (item.op === "create") {
      page.clearCaptureForm(form);
      page.toast("Saved " + item.fields.name.trim() + " on this phone. It will sync when you're back online.",
                 {label: "Undo", run: undo(item, stored)});
    } else if (item.op === "delete") {
      page.toast("Deleted on this phone; it will sync when you're back online.");
      form.querySelectorAll("button").forEach(function (el) { el.disabled = true; });
    } else {
      page.toast("Saved on this phone; it will sync when you're back online.");
    }
    form.dispatchEvent(new CustomEvent("netpwa:queued", {bubbles: true, detail: item}));
    page.askForBackgroundSync();
    page.state.failures = Math.max(page.state.failures, 1);
    await page.refresh();
    page.scheduleNext();
  }

  // A logged interaction: a fresh UUID for the next one, the text cleared, and a line in the form.
  function loggedHere(form) {
    form.elements.uuid.value = outbox.newUuid();
    form.elements.text.value = "";
    if (form.elements.helped) form.elements.helped.value = "";
    var note = form.querySelector("[data-log-status]");
    if (note) {
      note.textContent = "Saved on this phone, will sync.";
      note.hidden = false;
    }
    page.toast("Saved on this phone, will sync when you're back online.");
  }

  function handled(detail) {
    if (!detail || !detail.xhr || detail.xhr.netpwaQueued) return true;
    detail.xhr.netpwaQueued = true;
    return false;
  }

  function queueFailed(event) {
    var form = outboxForm(event.detail.elt);
    if (!form || handled(event.detail)) return;
    var config = event.detail.requestConfig;
    queue(form, config && config.formData);
  }

  document.addEventListener("htmx:configRequest", function (event) {
    if (outboxForm(event.detail.elt) && !event.detail.timeout) event.detail.timeout = REQUEST_TIMEOUT_MS;
  });
  document.addEventListener("htmx:beforeRequest", function (event) {
    if (navigator.onLine || !outboxForm(event.detail.elt)) return;
    event.preventDefault();
    queueFailed(event);
  });
  // Plain forms (no hx-post, like Delete on the contact page) would navigate to an error page.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (navigator.onLine || !form.matches || !form.matches("form[data-outbox]")) return;
    if (form.hasAttribute("hx-post") && window.htmx) return;
    event.preventDefault();
    queue(form, new FormData(form, event.submitter));
  });
  document.addEventListener("htmx:sendError", queueFailed);
  document.addEventListener("htmx:timeout", queueFailed);
  // 5xx: the server failed; 400: the CSRF token expired while the phone slept (the outbox
  // fetches a fresh one). Either way the typed change is kept, never lost.
  document.addEventListener("htmx:responseError", function (event) {
    var code = event.detail.xhr && event.detail.xhr.status;
    if (code >= 500 || code === 400) queueFailed(event);
  });
})();
