// The page side of the outbox: a form marked data-outbox whose request can't reach the server
// (offline, network error, timeout, 5xx) is queued instead; the capture form clears as if saved,
// the goal counter ticks locally and a badge says how many changes wait. Flushes on load,
// `online`, visibility, a timer and the worker's Background Sync; pulls after each flush.
(function () {
  "use strict";

  var outbox = window.netpwaOutbox;
  var status = document.getElementById("sync-status");
  if (!outbox || !status || !window.indexedDB) return;

  var REQUEST_TIMEOUT_MS = 10000;
  var FIRST_RETRY_MS = 5000;
  var PULL_EVERY_MS = 60000;
  var MAX_BACKOFF_MS = 5 * 60000;
  var RECENT_COUNT = 8;
  var NAME_REQUIRED = "Enter a name, even just a first name.";

  var user = status.dataset.user;
  var offlineCopy = document.documentElement.hasAttribute("data-offline-copy");
  var pulledToken = null;
  var baseMet = null;
  var failures = 0;
  var lastFailure = null;
  var timer = null;
  var running = null;
  var again = false;

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

  var options = {user: user, syncUrl: status.dataset.syncUrl, changesUrl: status.dataset.changesUrl,
                 csrfToken: csrfToken};

  var TOAST_MS = 6000;

  function toast(text) {
    if (window.netpwa && window.netpwa.toast) window.netpwa.toast(text);
  }

  // Like the server's "Saved … Undo" toast: Undo takes the capture back out of the outbox, or,
  // if it has reached the server meanwhile, queues its delete (the trash keeps it restorable).
  function undoToast(text, entry) {
    var toasts = document.getElementById("toasts");
    if (!toasts) return;
    var note = document.createElement("div");
    note.className = "toast";
    note.setAttribute("role", "status");
    var label = document.createElement("span");
    label.textContent = text;
    var undo = document.createElement("button");
    undo.type = "button";
    undo.className = "btn btn--quiet";
    undo.textContent = "Undo";
    undo.addEventListener("click", async function () {
      note.remove();
      if (!(await outbox.withdraw(entry.seq))) {
        await outbox.enqueue(user, {op: "delete", uuid: entry.uuid});
        askForBackgroundSync();
      }
      toast(entry.fields.name.trim() + " removed.");
      await refresh();
      sync();
    });
    note.appendChild(label);
    note.appendChild(undo);
    toasts.appendChild(note);
    setTimeout(function () { note.remove(); }, TOAST_MS);
  }

  function captureForm() { return document.getElementById("capture-form"); }

  function pageEventId() {
    var form = captureForm();
    return form && form.dataset.eventId ? form.dataset.eventId : null;
  }

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

  function itemFrom(form, formData) {
    var op = form.dataset.outbox;
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
  }

  function askForBackgroundSync() {
    if (!("serviceWorker" in navigator) || !("SyncManager" in window)) return;
    navigator.serviceWorker.ready.then(function (registration) {
      return registration.sync.register(outbox.SYNC_TAG);
    }).catch(function () {});
  }

  async function queue(form, formData) {
    var item = itemFrom(form, formData || new FormData(form));
    if (!item.uuid) return;
    if (item.op === "create" && !(item.fields.name || "").trim()) {
      showNameError(form, NAME_REQUIRED);
      return;
    }
    var entry = await outbox.enqueue(user, item);
    if (item.op === "create") {
      clearCaptureForm(form);
      undoToast("Saved " + item.fields.name.trim() + " on this phone. It will sync when you're back online.", entry);
    } else if (item.op === "delete") {
      toast("Deleted on this phone; it will sync when you're back online.");
      form.querySelectorAll("button").forEach(function (el) { el.disabled = true; });
    } else {
      toast("Saved on this phone; it will sync when you're back online.");
    }
    form.dispatchEvent(new CustomEvent("netpwa:queued", {bubbles: true, detail: item}));
    askForBackgroundSync();
    failures = Math.max(failures, 1);
    await refresh();
    scheduleNext();
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
    queue(form, new FormData(form));
  });
  document.addEventListener("htmx:sendError", queueFailed);
  document.addEventListener("htmx:timeout", queueFailed);
  document.addEventListener("htmx:responseError", function (event) {
    if (event.detail.xhr && event.detail.xhr.status >= 500) queueFailed(event);
  });
  // A fresh counter from the server counts what it has; add what is still waiting here.
  document.addEventListener("htmx:afterSettle", function () {
    var counter = document.getElementById("goal-counter");
    if (!counter || counter.dataset.met === undefined) return;
    baseMet = Number(counter.dataset.met);
    refresh();
  });

  function useEvent(currentEvent) {
    if (currentEvent === undefined) return;
    if (currentEvent && String(currentEvent.id) === pageEventId()) baseMet = currentEvent.met;
  }

  function paintCounter(pending) {
    var counter = document.getElementById("goal-counter");
    var metEl = counter && counter.querySelector("[data-goal-met]");
    if (!metEl || baseMet === null) return;
    var eventId = pageEventId();
    var waiting = pending.filter(function (entry) {
      return entry.op === "create" && eventId !== null && String(entry.event_id) === eventId;
    }).length;
    var met = baseMet + waiting;
    var goal = Number(counter.dataset.goal) || 0;
    metEl.textContent = String(met);
    counter.classList.toggle("goal--reached", goal > 0 && met >= goal);
    var ring = counter.querySelector(".ring__fill");
    if (ring && goal) {
      var length = Number(ring.getAttribute("stroke-dasharray"));
      ring.setAttribute("stroke-dashoffset", String(Math.round(length * (1 - Math.min(met / goal, 1)) * 100) / 100));
    }
  }

  function paintBadge(pending, rejected) {
    var badge = status.querySelector("[data-sync-badge]");
    var waiting = pending.length;
    var text = waiting ? waiting + " waiting to sync" : "";
    if (waiting && lastFailure === 401) text += " · log in to send";
    badge.textContent = text;
    badge.hidden = !waiting;
    paintProblems(rejected);
    status.hidden = !waiting && !rejected.length;
  }

  function button(label, action, seq) {
    var el = document.createElement("button");
    el.type = "button";
    el.className = "btn btn--quiet";
    el.textContent = label;
    el.dataset.syncAction = action;
    el.dataset.seq = String(seq);
    return el;
  }

  function describe(entry) {
    var who = entry.fields && entry.fields.name ? entry.fields.name : "A change";
    if (entry.op === "update") who = "An edit" + (entry.fields.name ? " to " + entry.fields.name : "");
    if (entry.op === "delete") who = "A delete";
    return who + ": " + (entry.error || "the server refused it.");
  }

  function paintProblems(rejected) {
    var panel = status.querySelector("[data-sync-problems]");
    var list = panel.querySelector("[data-sync-problems-list]");
    panel.querySelector("[data-sync-problems-title]").textContent =
      rejected.length === 1 ? "1 couldn't sync" : rejected.length + " couldn't sync";
    list.replaceChildren.apply(list, rejected.map(function (entry) {
      var item = document.createElement("li");
      var text = document.createElement("span");
      text.textContent = describe(entry);
      item.appendChild(text);
      if (entry.op === "create" && captureForm()) item.appendChild(button("Fix", "fix", entry.seq));
      item.appendChild(button("Discard", "discard", entry.seq));
      return item;
    }));
    panel.hidden = !rejected.length;
  }

  // A refused capture goes back into the form, with the server's message at the field.
  function fix(entry) {
    var form = captureForm();
    if (!form) return;
    clearCaptureForm(form);
    Object.keys(entry.fields).forEach(function (name) {
      var input = form.elements[name];
      if (!input || input.length) return;
      if (input.type === "checkbox") input.checked = !!entry.fields[name];
      else input.value = entry.fields[name];
    });
    form.elements.uuid.value = entry.uuid;
    var details = form.querySelector("details");
    var bad = entry.field && form.elements[entry.field];
    if (bad && !bad.length) {
      if (details && details.contains(bad)) details.open = true;
      var field = bad.closest(".field");
      var error = document.getElementById(bad.id + "-error");
      if (!error && field) {
        error = document.createElement("p");
        error.className = "field__error";
        error.id = bad.id + "-error";
        field.appendChild(error);
      }
      if (error) {
        error.textContent = entry.error;
        bad.setAttribute("aria-describedby", error.id);
      }
      if (field) field.classList.add("field--error");
      bad.setAttribute("aria-invalid", "true");
      bad.focus();
    } else if (form.elements.name) {
      form.elements.name.focus();
    }
  }

  status.addEventListener("click", async function (event) {
    var target = event.target.closest("[data-sync-action]");
    if (!target) return;
    var seq = Number(target.dataset.seq);
    var entry = (await outbox.rejected(user)).find(function (row) { return row.seq === seq; });
    if (!entry) return;
    if (target.dataset.syncAction === "fix") fix(entry);
    await outbox.discard(seq);
    await refresh();
  });

  function recentItem(row) {
    var item = document.createElement("li");
    item.className = "list__item recent__item";
    var name = document.createElement(row.url ? "a" : "span");
    name.textContent = row.name;
    if (row.url) name.href = row.url;
    item.appendChild(name);
    if (row.headline) {
      var headline = document.createElement("span");
      headline.className = "muted";
      headline.textContent = row.headline;
      item.appendChild(headline);
    }
    if (row.waiting) {
      var tag = document.createElement("span");
      tag.className = "badge badge--waiting";
      tag.textContent = "waiting to sync";
      item.appendChild(tag);
    }
    return item;
  }

  // Recent people from what was pulled, with this device's unsent changes laid over them.
  async function paintRecent(pending) {
    var sections = document.querySelectorAll("[data-recent]");
    if (!sections.length) return;
    var rows = (await outbox.recentContacts(RECENT_COUNT + pending.length)).map(function (row) {
      return Object.assign({}, row);
    });
    var byUuid = {};
    rows.forEach(function (row) { byUuid[row.uuid] = row; });
    var waiting = [];
    pending.forEach(function (entry) {
      if (entry.op === "recall") return;  // a practice answer changes nothing shown here
      var row = byUuid[entry.uuid];
      if (entry.op === "create" && !row) {
        row = Object.assign({uuid: entry.uuid, met_at: entry.client_time}, entry.fields);
        byUuid[entry.uuid] = row;
        waiting.unshift(row);
      }
      if (!row) return;
      if (entry.op === "update") Object.assign(row, entry.fields);
      if (entry.op === "delete") row.deleted = true;
      row.waiting = true;
    });
    var shown = waiting.concat(rows).filter(function (row) { return !row.deleted; }).slice(0, RECENT_COUNT);
    sections.forEach(function (section) {
      var list = section.querySelector("[data-recent-list]");
      list.replaceChildren.apply(list, shown.map(recentItem));
      section.hidden = !shown.length;
    });
  }

  async function paintOfflineEvent(pending) {
    var target = document.querySelector("[data-offline-event]");
    if (!target) return;
    var event = await outbox.getMeta("currentEvent");
    if (!event) { target.hidden = true; return; }
    var waiting = pending.filter(function (entry) {
      return entry.op === "create" && String(entry.event_id) === String(event.id);
    }).length;
    target.textContent = "At " + event.name + ": " + (event.met + waiting) + " of " + event.goal + " new people";
    target.hidden = false;
  }

  async function refresh() {
    var pending = await outbox.pending(user);
    var rejected = await outbox.rejected(user);
    paintCounter(pending);
    paintBadge(pending, rejected);
    await paintRecent(pending);
    await paintOfflineEvent(pending);
    return pending;
  }

  function scheduleNext(pendingCount) {
    clearTimeout(timer);
    var delay = pendingCount === 0 && !failures ? PULL_EVERY_MS
      : Math.min(FIRST_RETRY_MS * Math.pow(2, Math.max(0, failures - 1)), MAX_BACKOFF_MS);
    timer = setTimeout(function () {
      if (document.hidden) scheduleNext(pendingCount);
      else sync();
    }, delay);
  }

  async function syncOnce() {
    var summary = await outbox.flush(options);
    lastFailure = summary.failed;
    failures = summary.failed ? failures + 1 : 0;
    if (summary.currentEvent !== undefined) {
      await outbox.setMeta({currentEvent: summary.currentEvent});
      useEvent(summary.currentEvent);
    }
    summary.rejected.forEach(function (entry) { toast("Couldn't sync. " + describe(entry)); });
    summary.confirmed.forEach(function (result) {
      if (result.in_trash) toast((result.contact ? result.contact.name : "A contact") +
        " was deleted on another device; your edit is kept with it in the trash.");
    });
    if (!summary.failed) {
      var pulled = await outbox.pull(options);
      if (!pulled.failed) {
        useToken(pulled.csrf);
        useEvent(pulled.currentEvent);
      }
    }
    var pending = await refresh();
    scheduleNext(pending.length);
  }

  // Every trigger funnels here; a trigger during a run asks for one more run after it.
  function sync() {
    if (running) {
      again = true;
      return running;
    }
    running = syncOnce().catch(function () {
      failures += 1;
      scheduleNext();
    }).finally(function () {
      running = null;
      if (again) {
        again = false;
        sync();
      }
    });
    return running;
  }

  window.netpwa = window.netpwa || {};
  window.netpwa.sync = sync;

  window.addEventListener("online", sync);
  document.addEventListener("visibilitychange", function () {
    if (!document.hidden) sync();
  });
  if ("serviceWorker" in navigator) {
    navigator.serviceWorker.addEventListener("message", function (event) {
      if (event.data && event.data.type === "flush") sync();
    });
  }

  async function init() {
    var previous = await outbox.getMeta("user");
    if (previous && previous !== user) await outbox.forgetContacts();
    var remember = {user: user};
    if (!offlineCopy) remember.csrf = csrfToken();
    await outbox.setMeta(remember);
    var counter = document.getElementById("goal-counter");
    if (counter && counter.dataset.met !== undefined) baseMet = Number(counter.dataset.met);
    if (offlineCopy) useEvent(await outbox.getMeta("currentEvent"));
    await refresh();
    sync();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
