// Site-wide behaviour: CSRF on every htmx request, toasts that dismiss themselves.
(function () {
  "use strict";

  function csrfToken() {
    var meta = document.querySelector('meta[name="csrf-token"]');
    return meta ? meta.content : "";
  }
  window.netpwa = window.netpwa || {};
  window.netpwa.csrfToken = csrfToken;

  document.addEventListener("htmx:configRequest", function (event) {
    event.detail.headers["X-CSRFToken"] = csrfToken();
  });

  var TOAST_MS = 6000;
  function armToasts(root) {
    var toasts = root.querySelectorAll ? root.querySelectorAll("[data-toast]:not([data-armed])") : [];
    toasts.forEach(function (toast) {
      toast.setAttribute("data-armed", "");
      setTimeout(function () { toast.remove(); }, TOAST_MS);
    });
  }
  document.addEventListener("htmx:load", function (event) { armToasts(document); });
  document.addEventListener("DOMContentLoaded", function () { armToasts(document); });

  window.netpwa.toast = function (text) {
    var box = document.getElementById("toasts");
    if (!box) return;
    var toast = document.createElement("div");
    toast.className = "toast";
    toast.setAttribute("role", "status");
    toast.setAttribute("data-toast", "");
    var span = document.createElement("span");
    span.textContent = text;
    toast.appendChild(span);
    box.appendChild(toast);
    armToasts(box);
  };
})();
