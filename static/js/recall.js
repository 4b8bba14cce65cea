// The recall drill: one person at a time; the answer is checked here (the same forgiving rules
// as netpwa/recall/names.py) and queued in the outbox as op "recall", so answers made offline
// reach the server once, with the rest of the outbox. Without the outbox the form posts.
(function () {
  "use strict";

  var deck = document.querySelector("[data-recall-deck]");
  if (!deck) return;
  var status = document.getElementById("sync-status");
  var user = status && status.dataset.user;
  var outbox = window.netpwaOutbox;
  var MAX_ANSWER = 200;
  var FOLD = {"ß": "ss", "æ": "ae", "œ": "oe", "ø": "o", "đ": "d", "ł": "l", "ı": "i", "þ": "th", "ð": "d"};
  var right = 0;
  var asked = 0;

  function fold(text) {
    var out = text.toLowerCase().normalize("NFKD").replace(/\p{M}/gu, "");
    out = out.replace(/[ßæœøđłıþð]/g, function (ch) { return FOLD[ch]; });
    out = out.replace(/['’`]/g, "").replace(/[^\p{L}\p{N}]+/gu, " ");
    return out.trim();
  }

  function isRight(answer, name) {
    var typed = fold(answer), full = fold(name);
    if (!typed || !full) return false;
    return typed === full || typed === full.split(" ")[0];
  }

  function cards() { return Array.prototype.slice.call(deck.querySelectorAll("[data-recall-card]")); }

  function finish(timeUp) {
    cards().forEach(function (card) { card.hidden = true; });
    var done = deck.querySelector("[data-recall-done]");
    if (timeUp) done.querySelector("[data-recall-done-title]").textContent = "Time's up";
    done.querySelector("[data-recall-score]").textContent =
      "You knew " + right + " of " + asked + " name" + (asked === 1 ? "" : "s") + ".";
    done.hidden = false;
    var link = done.querySelector("a");
    if (link) link.focus();
  }

  function showNext(card) {
    var all = cards();
    var next = all[all.indexOf(card) + 1];
    card.hidden = true;
    if (!next) return finish(false);
    next.hidden = false;
    var input = next.querySelector("[data-recall-answer]");
    if (input) input.focus();
  }

  function reveal(card, correct) {
    var verdict = card.querySelector("[data-recall-verdict]");
    verdict.textContent = correct ? "Right!" : "Not quite. It's:";
    verdict.classList.add(correct ? "recall-verdict--right" : "recall-verdict--wrong");
    card.querySelector("[data-recall-form]").hidden = true;
    var panel = card.querySelector("[data-recall-reveal]");
    panel.hidden = false;
    panel.querySelector("[data-recall-next]").focus();
  }

  // When each person was last answered on this phone: a practice page kept for offline use is
  // older than these answers, and recall-offline.js leaves them out of its deck.
  var ANSWERED_KEEP_MS = 40 * 24 * 3600 * 1000;
  function rememberAnswered(uuid) {
    return outbox.getMeta("recallAnswered").then(function (answered) {
      var now = Date.now();
      var kept = {};
      Object.keys(answered || {}).forEach(function (key) {
        if (now - Date.parse(answered[key]) < ANSWERED_KEEP_MS) kept[key] = answered[key];
      });
      kept[uuid] = new Date(now).toISOString();
      return outbox.setMeta({recallAnswered: kept});
    });
  }

  deck.addEventListener("submit", function (event) {
    var form = event.target.closest("[data-recall-form]");
    if (!form || !outbox || !user) return;  // no outbox: the plain form post does the work
    event.preventDefault();
    var card = form.closest("[data-recall-card]");
    var submitter = event.submitter;
    var fields = {};
    var correct;
    if (submitter && submitter.name === "choice") {
      fields.choice = submitter.value;
      correct = submitter.value === card.dataset.uuid;
    } else {
      var input = form.querySelector("[data-recall-answer]");
      var error = form.querySelector("[data-recall-error]");
      var typed = input.value;
      var problem = !typed.trim() ? "Type their name, or pick one of the four."
        : typed.length > MAX_ANSWER ? "That answer is " + typed.length.toLocaleString("en") +
          " characters long; a name is at most " + MAX_ANSWER + ". Type just their name." : "";
      error.textContent = problem;
      input.setAttribute("aria-invalid", problem ? "true" : "false");
      if (problem) { input.focus(); return; }
      fields.answer = typed;
      correct = isRight(typed, card.dataset.name);
    }
    asked += 1;
    if (correct) right += 1;
    reveal(card, correct);
    outbox.enqueue(user, {op: "recall", uuid: card.dataset.uuid, fields: fields}).then(function () {
      if (window.netpwa && window.netpwa.sync) window.netpwa.sync();
      return rememberAnswered(card.dataset.uuid);
    });
  });

  deck.addEventListener("click", function (event) {
    var next = event.target.closest("[data-recall-next]");
    if (next) showNext(next.closest("[data-recall-card]"));
  });

  // After a capture: ten seconds for the last three names.
  var seconds = Number(deck.dataset.recallSeconds || 0);
  var timer = deck.querySelector("[data-recall-timer]");
  if (seconds && timer) {
    var left = seconds;
    var tick = setInterval(function () {
      left -= 1;
      timer.textContent = left + " s";
      if (left > 0 && !deck.querySelector("[data-recall-done]").hidden) clearInterval(tick);
      if (left <= 0) {
        clearInterval(tick);
        if (deck.querySelector("[data-recall-done]").hidden) finish(true);
      }
    }, 1000);
  }
})();
