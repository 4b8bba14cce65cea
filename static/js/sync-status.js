// The top bar's sync status: "N waiting to sync", and the changes the server refused, each
// with Fix (a capture goes back into the form, the message at its field) or Discard.
(function () {
  "use strict";

  var page = window.netpwa && window.netpwa.outboxPage;
  if (!page) return;
  var status = page.status;

  function stuck() {
    return !navigator.onLine || !!page.state.lastFailure;
  }

  function waitingText(count) {
    var text = count + " waiting to sync";
    if (page.state.lastFailure === 401) text += " · log in to send";
    return text;
  }

  // On the capture screen its own status line says "Sending…" while a send is under way; the
  // top bar's badge comes in once changes are really waiting (offline, server trouble).
  function paintBadge(pending, rejected) {
    var badge = status.querySelector("[data-sync-badge]");
    var line = document.querySelector("[data-capture-status]");
    var waiting = pending.length;
    var show = waiting && (stuck() || !line);
    badge.textContent = show ? waitingText(waiting) : "";
    badge.hidden = !show;
    paintProblems(rejected);
    status.hidden = !show && !rejected.length;
    if (line) {
      line.textContent = waiting ? (stuck() ? waitingText(waiting) : "Sending…")
        : (page.state.savedHere ? "Saved" : "");
    }
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

  function paintProblems(rejected) {
    var panel = status.querySelector("[data-sync-problems]");
    var list = panel.querySelector("[data-sync-problems-list]");
    panel.querySelector("[data-sync-problems-title]").textContent =
      rejected.length === 1 ? "1 couldn't sync" : rejected.length + " couldn't sync";
    list.replaceChildren.apply(list, rejected.map(function (entry) {
      var item = document.createElement("li");
      var text = document.createElement("span");
      text.textContent = page.describe(entry);
      item.appendChild(text);
      if (entry.op === "create" && !entry.type && page.captureForm()) item.appendChild(button("Fix", "fix", entry.seq));
      item.appendChild(button("Discard", "discard", entry.seq));
      return item;
    }));
    panel.hidden = !rejected.length;
  }

  // A refused capture goes back into the form, with the server's message at the field.
  function fix(entry) {
    var form = page.captureForm();
    if (!form) return;
    page.clearCaptureForm(form);
    Object.keys(entry.fields).forEach(function (name) {
      var input = form.elements[name];
      if (!input || input.length) return;
      if (input.type === "checkbox") input.checked = !!entry.fields[name];
      else input.value = entry.fields[name];
    });
    form.elements.uuid.value = entry.uuid;
    form.dispatchEvent(new CustomEvent("netpwa:refilled"));
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
    var entry = (await page.outbox.rejected(page.user)).find(function (row) { return row.seq === seq; });
    if (!entry) return;
    if (target.dataset.syncAction === "fix") fix(entry);
    await page.outbox.discard(seq);
    await page.refresh();
  });

  page.paint(paintBadge);
})();
