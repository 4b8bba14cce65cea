// The last board seen stays on this phone: each fresh board is kept with its time, and a page
// opened from the offline copy (or a poll that can't reach the server) shows the kept one,
// marked "Offline · last known board, updated HH:MM". My own row follows the goal counter,
// which also counts the captures still waiting in the outbox.
(function () {
  "use strict";

  var KEY = "netpwa.board.";

  function pad(n) { return String(n).padStart(2, "0"); }
  function board() { return document.getElementById("friends-board"); }

  function localTime(el) {
    var time = el.querySelector("[data-board-time]");
    var when = time && new Date(time.getAttribute("datetime"));
    if (when && !isNaN(when.getTime())) time.textContent = pad(when.getHours()) + ":" + pad(when.getMinutes());
  }

  function keep(el) {
    if (!el.dataset.boardEvent) return;
    try {
      localStorage.setItem(KEY + el.dataset.boardEvent,
        JSON.stringify({asOf: el.dataset.boardAsOf, html: el.innerHTML}));
    } catch (e) { /* private mode or full: the board still shows, it just isn't kept */ }
  }

  function markStale(el, stale) {
    el.classList.toggle("board--stale", stale);
    var note = el.querySelector("[data-board-stale]");
    if (note) note.textContent = stale ? "Offline · last known board. " : "";
  }

  function showKept(el) {
    var kept = null;
    try { kept = JSON.parse(localStorage.getItem(KEY + el.dataset.boardEvent) || "null"); } catch (e) { kept = null; }
    if (kept && kept.asOf && kept.asOf > (el.dataset.boardAsOf || "")) {
      el.innerHTML = kept.html;
      el.dataset.boardAsOf = kept.asOf;
    }
    localTime(el);
    markStale(el, true);
    followCounter();
  }

  // My row shows what my goal counter shows: on the capture screen that includes captures
  // not yet sent, offline too.
  function followCounter() {
    var el = board();
    var counter = document.getElementById("goal-counter");
    var mine = el && el.querySelector("[data-board-me] [data-board-met]");
    var met = counter && counter.querySelector("[data-goal-met]");
    if (mine && met && mine.textContent !== met.textContent) mine.textContent = met.textContent;
  }

  function fresh() {
    var el = board();
    if (!el || !el.dataset.boardEvent) return;
    localTime(el);
    markStale(el, false);
    followCounter();
    keep(el);
  }

  document.addEventListener("htmx:afterSettle", function (event) {
    var elt = event.detail && event.detail.elt;
    if (elt && (elt.id === "friends-board" || elt.id === "goal-counter")) fresh();
  });
  ["htmx:sendError", "htmx:responseError"].forEach(function (name) {
    document.addEventListener(name, function (event) {
      var elt = event.detail && event.detail.elt;
      if (elt && elt.id === "friends-board") showKept(elt);
    });
  });

  // Logging out forgets the kept boards: they hold friends' names.
  document.addEventListener("submit", function (event) {
    var action = event.target && event.target.getAttribute && event.target.getAttribute("action");
    if (!action || !/\/logout$/.test(action)) return;
    try {
      Object.keys(localStorage).filter(function (key) { return key.indexOf(KEY) === 0; })
        .forEach(function (key) { localStorage.removeItem(key); });
    } catch (e) { /* nothing kept */ }
  });

  function init() {
    var el = board();
    if (!el) return;
    if (document.documentElement.hasAttribute("data-offline-copy")) showKept(el);
    else fresh();
    var counter = document.getElementById("goal-counter");
    if (counter && window.MutationObserver) {
      new MutationObserver(followCounter).observe(counter.parentNode, {subtree: true, childList: true, characterData: true});
    }
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
