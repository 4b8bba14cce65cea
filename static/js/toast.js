// The one toast: server-rendered ([data-toast] in an htmx swap) and script-made toasts alike
// dismiss themselves; a script toast may carry one action button (Undo).
(function () {
  "use strict";

  var TOAST_MS = 6000;

  function arm(root) {
    var toasts = root.querySelectorAll ? root.querySelectorAll("[data-toast]:not([data-armed])") : [];
    toasts.forEach(function (toast) {
      toast.setAttribute("data-armed", "");
      setTimeout(function () { toast.remove(); }, TOAST_MS);
    });
  }
  document.addEventListener("htmx:load", function () { arm(document); });
  document.addEventListener("DOMContentLoaded", function () { arm(document); });

  // action: {label, run}; the toast goes away when its action is taken.
  function toast(text, action) {
    var box = document.getElementById("toasts");
    if (!box) return null;
    var note = document.createElement("div");
    note.className = "toast";
    note.setAttribute("role", "status");
    note.setAttribute("data-toast", "");
    var span = document.createElement("span");
    span.textContent = text;
    note.appendChild(span);
    if (action) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "btn btn--quiet";
      button.textContent = action.label;
      button.addEventListener("click", function () {
        note.remove();
        action.run();
      });
      note.appendChild(button);
    }
    box.appendChild(note);
    arm(box);
    return note;
  }

  window.netpwa = window.netpwa || {};
  window.netpwa.toast = toast;
})();
