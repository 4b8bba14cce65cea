// The chat timer on the capture screen: 3 minutes or the 30-second challenge, chosen right
// there (remembered per event on this phone); it counts down to the target, then turns red,
// vibrates once where the phone can, and counts the time over. Stop keeps the length for the
// next capture; Reset clears it. The length rides along with the capture (chat_seconds).
(function () {
  "use strict";

  var KEY = "netpwa:chat-timer";
  var MODE_KEY = "netpwa:chat-mode:";
  var started = null;   // Date.now() at Start, while running
  var stoppedAt = null; // seconds kept by Stop
  var tick = null;
  var buzzed = false;

  function box() { return document.querySelector("[data-chat-timer]"); }

  function target() {
    var el = box();
    return el ? Number(el.dataset.target) || 180 : 180;
  }

  function format(total) {
    var s = Math.max(0, Math.floor(total));
    return Math.floor(s / 60) + ":" + String(s % 60).padStart(2, "0");
  }

  function elapsed() {
    if (started !== null) return Math.round((Date.now() - started) / 1000);
    return stoppedAt;
  }

  function save() {
    sessionStorage.setItem(KEY, JSON.stringify({started: started, stoppedAt: stoppedAt, buzzed: buzzed}));
  }

  function paint() {
    var el = box();
    if (!el) return;
    var seconds = elapsed();
    var goal = target();
    var over = seconds !== null && seconds >= goal;
    var clock = el.querySelector("[data-chat-clock]");
    clock.textContent = seconds === null ? format(goal)
      : over ? "+" + format(seconds - goal) : format(goal - seconds);
    el.classList.toggle("chat-timer--running", started !== null);
    el.classList.toggle("chat-timer--over", over);
    el.querySelector("[data-chat-start]").textContent = started !== null ? "Restart" : "Start chat";
    el.querySelector("[data-chat-stop]").disabled = started === null;
    el.querySelector("[data-chat-reset]").disabled = seconds === null;
    el.querySelectorAll("[data-chat-mode]").forEach(function (button) {
      button.setAttribute("aria-pressed", String(Number(button.dataset.chatMode) === goal));
    });
    if (over && started !== null && !buzzed) {
      buzzed = true;
      save();
      if (navigator.vibrate) navigator.vibrate(200);
    }
  }

  function run() {
    clearInterval(tick);
    tick = started === null ? null : setInterval(paint, 250);
    save();
    paint();
  }

  function start() { started = Date.now(); stoppedAt = null; buzzed = false; run(); }
  function stop() { if (started !== null) { stoppedAt = elapsed(); started = null; run(); } }
  function reset() { started = null; stoppedAt = null; buzzed = false; run(); }

  function setMode(seconds) {
    var el = box();
    if (!el) return;
    el.dataset.target = String(seconds);
    try { localStorage.setItem(MODE_KEY + el.dataset.event, String(seconds)); } catch (e) { /* private mode */ }
    buzzed = elapsed() !== null && elapsed() >= seconds;
    paint();
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("[data-chat-timer] button");
    if (!button) return;
    if (button.hasAttribute("data-chat-start")) start();
    else if (button.hasAttribute("data-chat-stop")) stop();
    else if (button.hasAttribute("data-chat-reset")) reset();
    else if (button.dataset.chatMode) setMode(Number(button.dataset.chatMode));
    if (button.hasAttribute("data-chat-start")) {
      var name = document.getElementById("f-name");
      if (name) name.focus();
    }
  });

  // A capture took the length: the next chat starts from zero.
  document.addEventListener("netpwa:queued", function (event) {
    if (event.target.id === "capture-form") reset();
  });
  document.addEventListener("htmx:afterSwap", function (event) {
    var saved = event.detail.xhr && event.detail.xhr.status === 200;
    if (saved && document.getElementById("capture-form") &&
        event.detail.elt.id === "capture-form") reset();
    else paint();
  });

  window.netpwa = window.netpwa || {};
  window.netpwa.chatSeconds = elapsed;

  function init() {
    var el = box();
    if (!el) return;
    try {
      var mode = localStorage.getItem(MODE_KEY + el.dataset.event);
      if (mode === "30" || mode === "180") el.dataset.target = mode;
    } catch (e) { /* private mode */ }
    try {
      var kept = JSON.parse(sessionStorage.getItem(KEY) || "null");
      if (kept) { started = kept.started; stoppedAt = kept.stoppedAt; buzzed = !!kept.buzzed; }
    } catch (e) { /* a broken value: start clean */ }
    run();
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
