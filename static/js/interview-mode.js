// Interview mode: notes boxes kept on the phone (localStorage) the moment they are typed and
// sent to the server like captures are: each box waits in a small outbox until the server
// confirms it, so a dropped connection mid-interview loses nothing. "Finish" waits there too.
(function () {
  "use strict";

  var form = document.querySelector("[data-interview-run]");
  if (!form) return;
  var KEY = "netpwa-interview:" + form.dataset.uuid;
  var RETRY_MS = 10000;
  var status = form.querySelector("[data-run-status]");
  var boxes = Array.prototype.slice.call(form.querySelectorAll("textarea[data-notes]"));
  var sending = false;

  function load() {
    try { return JSON.parse(localStorage.getItem(KEY)) || {}; } catch (error) { return {}; }
  }
  function save(state) { localStorage.setItem(KEY, JSON.stringify(state)); }
  function state() {
    var s = load();
    s.boxes = s.boxes || {};
    s.pending = s.pending || {};
    return s;
  }

  function say(text, isError) {
    status.textContent = text;
    status.classList.toggle("run__status--error", !!isError);
  }

  function pendingCount(s) { return Object.keys(s.pending).length + (s.finish ? 1 : 0); }

  function showState(s) {
    var n = pendingCount(s);
    if (s.deleted) return;
    var notes = Object.keys(s.pending).length;
    if (s.finish) say("Finishing… if you're offline, it finishes as soon as the phone is back online"
                      + (notes ? " (" + notes + " notes waiting to sync)." : "."));
    else if (!n) say("Notes saved.");
    else say(notes + " waiting to sync. Notes are kept on this phone.");
  }

  // The page may be a copy the worker kept from an earlier visit, older than what was typed
  // since: then every box this phone knows is newer than the copy. A fresh page from the
  // server is newer than anything already confirmed, so only unsent boxes are put back.
  var offlineCopy = document.documentElement.hasAttribute("data-offline-copy");
  var initial = state();
  boxes.forEach(function (box) {
    var key = box.dataset.notes;
    var kept = initial.boxes[key];
    if (kept && (initial.pending[key] || offlineCopy)) box.value = kept.text;
    else if (kept) delete initial.boxes[key];
  });
  save(initial);

  function remember(box) {
    var s = state();
    s.boxes[box.dataset.notes] = {text: box.value, at: new Date().toISOString(),
                                  question: box.dataset.question || ""};
    s.pending[box.dataset.notes] = true;
    save(s);
    showState(s);
  }

  function csrfToken() {
    var input = form.querySelector("input[name=csrf_token]");
    return input ? input.value : "";
  }

  // The page may come from the offline cache with a token that has since expired.
  async function freshToken() {
    var response = await fetch(location.pathname, {credentials: "same-origin"});
    var match = (await response.text()).match(/name="csrf-token" content="([^"]+)"/);
    if (match) form.querySelectorAll("input[name=csrf_token]").forEach(function (i) { i.value = match[1]; });
  }

  function showDeleted(body) {
    var restore = document.querySelector("[data-run-restore]");
    say(body.error, true);
    if (restore && body.restore_url) {
      restore.action = body.restore_url;
      restore.hidden = false;
    }
  }

  async function flush(retried) {
    if (sending) return;
    var s = state();
    if (!pendingCount(s) || s.deleted) return showState(s);
    sending = true;
    var sent = {};
    Object.keys(s.pending).forEach(function (key) { sent[key] = s.boxes[key]; });
    var response, body;
    try {
      response = await fetch(form.dataset.syncUrl, {
        method: "POST", credentials: "same-origin",
        headers: {"Content-Type": "application/json", "Accept": "application/json",
                  "X-CSRFToken": csrfToken()},
        body: JSON.stringify({boxes: sent, finish: !!s.finish})});
      body = await response.json().catch(function () { return null; });
    } catch (error) {
      sending = false;
      return showState(s);
    }
    sending = false;
    if (response.status === 400 && body && body.field === "csrf_token" && !retried) {
      try { await freshToken(); } catch (error) { return showState(s); }
      return flush(true);
    }
    if (response.redirected || (response.ok && !(body && body.status === "ok"))) {
      // Logged out meanwhile (the request ended on the login page): nothing was stored.
      say("Log in again to sync. Your notes are kept on this phone.", true);
      return;
    }
    var now = state();
    if (response.ok || response.status === 409) {
      // Only what was sent is settled; a box typed into meanwhile stays pending.
      Object.keys(sent).forEach(function (key) {
        if (now.boxes[key] && now.boxes[key].at === sent[key].at) delete now.pending[key];
      });
    }
    if (response.status === 409 && body && body.deleted) {
      now.deleted = true;
      now.finish = false;
      save(now);
      return showDeleted(body);
    }
    if (response.ok && body && body.finished && now.finish) {
      now.finish = false;
      save(now);
      location.assign(form.dataset.doneUrl);
      return;
    }
    if (!response.ok && response.status !== 409) {
      say((body && body.error) || "Couldn't sync yet; notes are kept on this phone.", true);
      save(now);
      return;
    }
    save(now);
    showState(now);
  }

  var timer = null;
  boxes.forEach(function (box) {
    box.addEventListener("input", function () {
      remember(box);
      clearTimeout(timer);
      timer = setTimeout(flush, 800);
    });
  });

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var kept = state();
    boxes.forEach(function (box) {
      var stored = kept.boxes[box.dataset.notes];
      if (box.value !== (stored ? stored.text : box.defaultValue)) remember(box);
    });
    var s = state();
    s.finish = true;
    save(s);
    showState(s);
    flush();
  });

  window.addEventListener("online", function () { flush(); });
  document.addEventListener("visibilitychange", function () { if (document.hidden) flush(); });
  setInterval(function () { if (pendingCount(state())) flush(); }, RETRY_MS);
  flush();

  // One question per screen, or the list.
  var sections = Array.prototype.slice.call(form.querySelectorAll(".iq"));
  var current = 0;
  function show(index) {
    current = Math.max(0, Math.min(sections.length - 1, index));
    sections.forEach(function (section, i) { section.classList.toggle("iq--current", i === current); });
  }
  function mode(name) {
    form.classList.toggle("run--one", name === "one");
    form.classList.toggle("run--list", name !== "one");
    form.querySelectorAll("[data-run-mode]").forEach(function (button) {
      button.setAttribute("aria-pressed", String(button.dataset.runMode === name));
    });
    localStorage.setItem("netpwa-interview-mode", name);
    show(current);
  }
  var modes = form.querySelector("[data-run-modes]");
  modes.hidden = false;
  modes.addEventListener("click", function (event) {
    var button = event.target.closest("[data-run-mode]");
    if (button) mode(button.dataset.runMode);
  });
  form.querySelector("[data-run-prev]").addEventListener("click", function () { show(current - 1); });
  form.querySelector("[data-run-next]").addEventListener("click", function () { show(current + 1); });
  mode(localStorage.getItem("netpwa-interview-mode") || (matchMedia("(max-width: 700px)").matches ? "one" : "list"));

  // The timer against the agreed length; its start survives a reload.
  var TIMER_KEY = KEY + ":started";
  var elapsed = form.querySelector("[data-run-elapsed]");
  var timerBox = form.querySelector("[data-run-timer]");
  var limit = Number(form.dataset.length) * 60;
  function tick() {
    var started = Number(localStorage.getItem(TIMER_KEY));
    if (!started) return;
    var seconds = Math.floor((Date.now() - started) / 1000);
    elapsed.textContent = Math.floor(seconds / 60) + ":" + String(seconds % 60).padStart(2, "0");
    timerBox.classList.toggle("run__timer--over", seconds > limit);
  }
  form.querySelector("[data-run-start]").addEventListener("click", function (event) {
    if (localStorage.getItem(TIMER_KEY)) {
      localStorage.removeItem(TIMER_KEY);
      event.target.textContent = "Start timer";
      elapsed.textContent = "0:00";
      timerBox.classList.remove("run__timer--over");
    } else {
      localStorage.setItem(TIMER_KEY, String(Date.now()));
      event.target.textContent = "Reset timer";
      tick();
    }
  });
  if (localStorage.getItem(TIMER_KEY)) form.querySelector("[data-run-start]").textContent = "Reset timer";
  setInterval(tick, 1000);
  tick();
})();
