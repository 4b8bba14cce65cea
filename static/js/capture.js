// Quick capture: the chat timer, a draft that survives rotation and tab switches, and focus.
(function () {
  "use strict";

  var DRAFT_KEY = "netpwa:capture-draft";
  var timerStart = null;
  var timerTick = null;

  function form() { return document.getElementById("capture-form"); }

  function formatSeconds(total) {
    var s = Math.max(0, Math.floor(total));
    return Math.floor(s / 60) + ":" + String(s % 60).padStart(2, "0");
  }

  function elapsedSeconds() {
    return timerStart === null ? null : Math.round((Date.now() - timerStart) / 1000);
  }

  function paintTimer() {
    var box = document.querySelector("[data-chat-timer]");
    if (!box) return;
    var seconds = elapsedSeconds();
    box.querySelector("[data-chat-elapsed]").textContent = formatSeconds(seconds || 0);
    box.classList.toggle("chat-timer--running", seconds !== null);
    box.classList.toggle("chat-timer--over", seconds !== null && seconds > Number(box.dataset.target));
    var button = box.querySelector("[data-chat-start]");
    button.textContent = seconds === null ? "Start chat" : "Restart chat";
  }

  function startTimer() {
    timerStart = Date.now();
    sessionStorage.setItem(DRAFT_KEY + ":timer", String(timerStart));
    clearInterval(timerTick);
    timerTick = setInterval(paintTimer, 500);
    paintTimer();
  }

  function stopTimer() {
    timerStart = null;
    sessionStorage.removeItem(DRAFT_KEY + ":timer");
    clearInterval(timerTick);
    paintTimer();
  }

  function saveDraft() {
    var f = form();
    if (!f) return;
    var draft = {};
    f.querySelectorAll("input[name], textarea[name]").forEach(function (input) {
      if (input.type === "hidden" && input.name !== "uuid") return;
      draft[input.name] = input.type === "checkbox" ? input.checked : input.value;
    });
    sessionStorage.setItem(DRAFT_KEY, JSON.stringify(draft));
  }

  function restoreDraft() {
    var f = form();
    var raw = sessionStorage.getItem(DRAFT_KEY);
    if (!f || !raw) return;
    var draft;
    try { draft = JSON.parse(raw); } catch (e) { return; }
    if (f.elements.name.value) return;  // The server sent values back (a validation error).
    Object.keys(draft).forEach(function (name) {
      var input = f.elements[name];
      if (!input || input.length) return;
      if (input.type === "checkbox") input.checked = !!draft[name];
      else input.value = draft[name];
    });
  }

  document.addEventListener("input", function (event) {
    if (event.target.closest && event.target.closest("#capture-form")) saveDraft();
  });
  document.addEventListener("change", function (event) {
    if (event.target.closest && event.target.closest("#capture-form")) saveDraft();
  });
  document.addEventListener("click", function (event) {
    if (event.target.closest && event.target.closest("[data-chat-start]")) {
      startTimer();
      var name = form() && form().elements.name;
      if (name) name.focus();
    }
  });

  // The chat's length rides along with the capture.
  document.addEventListener("htmx:configRequest", function (event) {
    if (event.detail.elt.id !== "capture-form") return;
    var seconds = elapsedSeconds();
    if (seconds !== null) event.detail.parameters.chat_seconds = String(seconds);
  });
  function fillChatSeconds(event) {
    if (event.target.id !== "capture-form") return;
    var seconds = elapsedSeconds();
    if (seconds !== null) event.target.elements.chat_seconds.value = String(seconds);
  }
  document.addEventListener("submit", function (event) {
    if (!window.htmx) fillChatSeconds(event);
  });
  // Local-first capture (sync-queue.js) reads the form itself.
  document.addEventListener("netpwa:capturing", fillChatSeconds);

  document.addEventListener("htmx:afterSwap", function (event) {
    var f = form();
    if (!f || !(event.detail.elt === f || event.detail.target === f || event.detail.elt.contains(f))) return;
    var saved = event.detail.xhr && event.detail.xhr.status === 200;
    if (saved) {
      sessionStorage.removeItem(DRAFT_KEY);
      stopTimer();
    }
    paintTimer();
    f.elements.name.focus();
  });

  // Queued offline by sync-queue.js: the capture is safe, so the draft and timer go as on a save.
  document.addEventListener("netpwa:queued", function (event) {
    if (event.target.id !== "capture-form") return;
    sessionStorage.removeItem(DRAFT_KEY);
    stopTimer();
  });

  function init() {
    var stored = sessionStorage.getItem(DRAFT_KEY + ":timer");
    if (stored) {
      timerStart = Number(stored);
      timerTick = setInterval(paintTimer, 500);
    }
    restoreDraft();
    paintTimer();
    var f = form();
    if (f && document.activeElement === document.body) f.elements.name.focus();
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
