// The timeline when the server can't be reached: Edit opens a copy of the edit form kept in
// the page (its <template>) instead of asking the server for one, and an edit or a removal the
// outbox has queued (sync-queue.js) shows on the timeline at once, marked as waiting to sync,
// until the outbox has sent it.
(function () {
  "use strict";

  var EDIT_TIMEOUT_MS = 4000;

  function offlineEditForm(item) {
    var template = document.getElementById("interaction-edit-offline");
    var source = template && template.content.querySelector("form");
    if (!source || !item.dataset.saveUrl) return null;
    var form = source.cloneNode(true);
    var id = item.id.replace("interaction-", "");
    form.action = item.dataset.saveUrl;
    form.setAttribute("hx-post", item.dataset.saveUrl);
    form.dataset.interactionUuid = item.dataset.interactionUuid;
    form.dataset.offlineCopy = "1";
    form.querySelectorAll("[id]").forEach(function (el) { el.id = el.id.replace("offline", id); });
    form.querySelectorAll("label[for]").forEach(function (el) {
      el.htmlFor = el.htmlFor.replace("offline", id);
    });
    form.elements.kind.value = item.dataset.kind;
    form.elements.occurred_on.value = item.dataset.day;
    form.elements.text.value = item.dataset.text || "";
    form.elements.helped.value = item.dataset.helped || "";
    return form;
  }

  // Open the kept form in the item's place; Cancel puts the item back as it was.
  function editHere(link) {
    var item = link.closest("li.interaction");
    var form = item && offlineEditForm(item);
    if (!form) return;
    item.netpwaKept = Array.prototype.slice.call(item.childNodes);
    item.replaceChildren(form);
    if (window.htmx) window.htmx.process(form);
    form.elements.kind.focus();
  }

  function editLink(event) {
    var elt = event.detail && event.detail.elt;
    return elt && elt.matches && elt.matches("a[data-offline-edit]") ? elt : null;
  }

  document.addEventListener("htmx:configRequest", function (event) {
    if (editLink(event)) event.detail.timeout = EDIT_TIMEOUT_MS;
  });
  document.addEventListener("htmx:beforeRequest", function (event) {
    var link = editLink(event);
    if (!link || navigator.onLine) return;
    event.preventDefault();
    editHere(link);
  });
  ["htmx:sendError", "htmx:timeout"].forEach(function (name) {
    document.addEventListener(name, function (event) {
      var link = editLink(event);
      if (link) editHere(link);
    });
  });
  document.addEventListener("htmx:responseError", function (event) {
    var link = editLink(event);
    if (link && event.detail.xhr && event.detail.xhr.status >= 500) editHere(link);
  });

  document.addEventListener("click", function (event) {
    var cancel = event.target.closest && event.target.closest("[data-edit-cancel]");
    var form = cancel && cancel.closest("form[data-offline-copy]");
    var item = form && form.closest("li.interaction");
    if (!item || !item.netpwaKept) return;
    event.preventDefault();
    event.stopPropagation();
    item.replaceChildren.apply(item, item.netpwaKept);
  }, true);

  function line(className, text) {
    var p = document.createElement("p");
    p.className = className;
    p.textContent = text;
    return p;
  }

  function dayText(iso) {
    var parts = (iso || "").split("-").map(Number);
    if (parts.length !== 3 || parts.some(isNaN)) return iso || "";
    return new Date(Date.UTC(parts[0], parts[1] - 1, parts[2]))
      .toLocaleDateString(undefined, {day: "numeric", month: "short", year: "numeric", timeZone: "UTC"});
  }

  function waiting(text) {
    var note = line("interaction__waiting", "");
    var badge = document.createElement("span");
    badge.className = "badge badge--waiting";
    badge.textContent = "waiting to sync";
    note.append(text + " ", badge);
    return note;
  }

  // What the phone now holds for the item: the edited values, or that it was removed.
  function paintQueued(form, queued) {
    var item = form.closest("li.interaction");
    if (!item) return;
    item.dataset.waitingUuid = queued.uuid;
    if (queued.op === "delete") {
      var head = item.querySelector(".interaction__head strong");
      item.classList.add("interaction--removed");
      item.replaceChildren(waiting((head ? head.textContent : "This") + " removed on this phone."));
      return;
    }
    var kind = form.elements.kind;
    var label = kind && kind.selectedOptions[0] ? kind.selectedOptions[0].textContent : queued.fields.kind;
    var fields = queued.fields;
    var headLine = line("interaction__head", "");
    var strong = document.createElement("strong");
    strong.textContent = label;
    headLine.append(strong, " · " + dayText(fields.occurred_on));
    var shown = [headLine];
    if (fields.text) shown.push(line("interaction__text", fields.text));
    if (fields.helped) shown.push(line("interaction__helped", "What helped: " + fields.helped));
    shown.push(waiting("Edited on this phone."));
    item.dataset.kind = fields.kind + (fields.channel ? ":" + fields.channel : "");
    item.dataset.day = fields.occurred_on;
    item.dataset.text = fields.text;
    item.dataset.helped = fields.helped;
    item.replaceChildren.apply(item, shown);
  }

  // Once the outbox has sent what is shown as waiting (or the server refused it), show the
  // timeline as the server has it.
  var page = window.netpwa && window.netpwa.outboxPage;
  if (page) {
    page.paint(function (pending) {
      var timeline = document.getElementById("timeline");
      var shown = timeline ? timeline.querySelectorAll("[data-waiting-uuid]") : [];
      if (!shown.length || !window.htmx || !timeline.dataset.refreshUrl) return;
      var waiting = {};
      pending.forEach(function (entry) { if (entry.type === "interaction") waiting[entry.uuid] = true; });
      var settled = Array.prototype.some.call(shown, function (el) { return !waiting[el.dataset.waitingUuid]; });
      if (settled) window.htmx.ajax("GET", timeline.dataset.refreshUrl, {target: "#timeline", swap: "outerHTML"});
    });
  }

  document.addEventListener("netpwa:queued", function (event) {
    var queued = event.detail;
    if (!queued || queued.type !== "interaction" || queued.op === "create") return;
    paintQueued(event.target, queued);
  });
})();
