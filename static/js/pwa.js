// Installable app: registers the service worker, keeps the offline pages warm after log in,
// and on iOS Safari (which has no install prompt) shows how to add netpwa to the home screen.
(function () {
  "use strict";

  var script = document.currentScript;
  var HINT_DISMISSED = "netpwa:ios-hint-dismissed";

  function loggedIn() { return !!document.getElementById("sync-status"); }

  function register() {
    if (!("serviceWorker" in navigator) || !script || !script.dataset.sw) return;
    navigator.serviceWorker.register(script.dataset.sw, {scope: "/", updateViaCache: "none"})
      .then(function () { return navigator.serviceWorker.ready; })
      .then(function (registration) {
        // The capture screen and My QR must open offline even if not visited since log in.
        if (!loggedIn() || !registration.active) return;
        var key = "netpwa:warm:" + document.getElementById("sync-status").dataset.user;
        if (sessionStorage.getItem(key)) return;
        sessionStorage.setItem(key, "1");
        registration.active.postMessage({type: "warm"});
      })
      .catch(function () {});
  }

  function isIosSafari() {
    var ua = navigator.userAgent;
    var ios = /iPhone|iPad|iPod/.test(ua) || (navigator.platform === "MacIntel" && navigator.maxTouchPoints > 1);
    var otherBrowser = /CriOS|FxiOS|EdgiOS|OPiOS/.test(ua);
    return ios && !otherBrowser;
  }

  function standalone() {
    return navigator.standalone === true ||
      (window.matchMedia && window.matchMedia("(display-mode: standalone)").matches);
  }

  function iosHint() {
    var hint = document.querySelector("[data-ios-hint]");
    if (!hint || !isIosSafari() || standalone()) return;
    try {
      if (localStorage.getItem(HINT_DISMISSED)) return;
    } catch (e) { return; }
    hint.hidden = false;
    document.body.classList.add("has-ios-hint");
    hint.querySelector("[data-ios-hint-dismiss]").addEventListener("click", function () {
      hint.hidden = true;
      document.body.classList.remove("has-ios-hint");
      try { localStorage.setItem(HINT_DISMISSED, "1"); } catch (e) { /* private mode */ }
    });
  }

  // A kept copy of a page still holds the one-time messages of the visit that stored it (the
  // stylesheet hides them before this runs); and it says it is a copy, and from when.
  function tidyOfflineCopy() {
    var root = document.documentElement;
    if (!root.hasAttribute("data-offline-copy")) return;
    document.querySelectorAll(".flash, [data-once]").forEach(function (el) { el.remove(); });
    var main = document.getElementById("main");
    if (!main || main.querySelector("[data-offline-banner]")) return;
    var banner = document.createElement("p");
    banner.className = "offline-banner";
    banner.setAttribute("role", "status");
    banner.setAttribute("data-offline-banner", "");
    var made = new Date(root.getAttribute("data-offline-as-of") || NaN);
    banner.textContent = isNaN(made.getTime()) ? "Offline: a copy kept on this phone"
      : "Offline: as of " + String(made.getHours()).padStart(2, "0") + ":" + String(made.getMinutes()).padStart(2, "0");
    main.insertBefore(banner, main.firstChild);
  }

  function init() {
    tidyOfflineCopy();
    register();
    iosHint();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
