// "Show my QR": keep the screen awake while the code is shown, offer full screen, and switch
// between the link QR and the offline contact QR.
(function () {
  "use strict";

  var lock = null;

  function status(text) {
    var box = document.querySelector("[data-wake-status]");
    if (box) box.textContent = text;
  }

  function requestWakeLock() {
    if (!("wakeLock" in navigator) || document.visibilityState !== "visible") return;
    navigator.wakeLock.request("screen").then(function (sentinel) {
      lock = sentinel;
      status("Screen stays on while this is shown.");
      sentinel.addEventListener("release", function () { lock = null; });
    }).catch(function () {
      status("");
    });
  }

  function releaseWakeLock() {
    if (lock) lock.release().catch(function () {});
    lock = null;
  }

  function showPanel(name) {
    document.querySelectorAll("[data-qr-panel]").forEach(function (panel) {
      panel.hidden = panel.getAttribute("data-qr-panel") !== name;
    });
    document.querySelectorAll("[data-qr-hint]").forEach(function (hint) {
      hint.hidden = hint.getAttribute("data-qr-hint") !== name;
    });
    var toggle = document.querySelector("[data-qr-toggle]");
    if (toggle) toggle.textContent = name === "url" ? "Offline contact QR" : "Link QR";
  }

  function init() {
    if (!document.querySelector("[data-showqr]")) return;
    var toggle = document.querySelector("[data-qr-toggle]");
    var current = "url";
    toggle.hidden = false;
    toggle.addEventListener("click", function () {
      current = current === "url" ? "vcard" : "url";
      showPanel(current);
    });
    var full = document.querySelector("[data-fullscreen]");
    if (document.documentElement.requestFullscreen) {
      full.hidden = false;
      full.addEventListener("click", function () {
        if (document.fullscreenElement) document.exitFullscreen();
        else document.documentElement.requestFullscreen().catch(function () {});
        requestWakeLock();
      });
    }
    requestWakeLock();
    // The browser drops the lock when the tab is hidden; take it again on return.
    document.addEventListener("visibilitychange", function () {
      if (document.visibilityState === "visible" && lock === null) requestWakeLock();
    });
    window.addEventListener("pagehide", releaseWakeLock);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
