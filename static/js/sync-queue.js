// Forms marked data-outbox whose request can't reach the server (offline, network error,
// timeout, 5xx) are queued in the outbox instead: the capture form clears as if saved, with
// an Undo; edits and deletes say they will sync.
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

  // Undo takes the capture back out of the outbox, or, if it has reached the server meanwhile,
  // queues its delete (the trash keeps it restorable).
  function undo(entry) {
    return async function () {
      if (!(await outbox.withdraw(entry.seq))) {
        await outbox.enqueue(page.user, {op: "delete", uuid: entry.uuid});
        page.askForBackgroundSync();
      }
      page.toast(entry.fields.name.trim() + " removed.");
      await page.refresh();
      page.sync();
    };
  }

  async function queue(form, formData) {
    var item = itemFrom(form, formData || new FormData(form));
    if (!item.uuid) return;
    if (item.op === "create" && !(item.fields.name || "").trim()) {
      showNameError(form, NAME_REQUIRED);
      return;
    }
    var entry = await outbox.enqueue(page.user, item);
    if (item.op === "create") {
      page.clearCaptureForm(form);
      page.toast("Saved " + item.fields.name.trim() + " on this phone. It will sync when you're back online.",
                 {label: "Undo", run: undo(entry)});
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
})();
