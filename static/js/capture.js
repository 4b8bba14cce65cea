// Quick capture: a draft that survives rotation and tab switches, focus on Name, and the chat's
// length (from chat-timer.js) riding along with the capture.
(function () {
  "use strict";

  var DRAFT_KEY = "netpwa:capture-draft";

  function form() { return document.getElementById("capture-form"); }

  function chatSeconds() {
    return window.netpwa && window.netpwa.chatSeconds ? window.netpwa.chatSeconds() : null;
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

  // The chat's length rides along with the capture, however it is sent.
  document.addEventListener("htmx:configRequest", function (event) {
    if (event.detail.elt.id !== "capture-form") return;
    var seconds = chatSeconds();
    if (seconds !== null) event.detail.parameters.chat_seconds = String(seconds);
  });
  function fillChatSeconds(event) {
    if (event.target.id !== "capture-form") return;
    var seconds = chatSeconds();
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
    if (event.detail.xhr && event.detail.xhr.status === 200) sessionStorage.removeItem(DRAFT_KEY);
    f.elements.name.focus();
  });

  // Queued by sync-queue.js: the capture is safe, so the draft goes as on a save.
  document.addEventListener("netpwa:queued", function (event) {
    if (event.target.id === "capture-form") sessionStorage.removeItem(DRAFT_KEY);
  });

  function init() {
    restoreDraft();
    var f = form();
    if (f && document.activeElement === document.body) f.elements.name.focus();
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
