// Inline edits on the contact page: Escape cancels, Ctrl/Cmd+Enter saves notes, and focus
// lands back on the field's Edit button so the keyboard never loses its place.
(function () {
  "use strict";

  document.addEventListener("keydown", function (event) {
    var form = event.target.closest && event.target.closest("form[data-inline-edit]");
    if (!form) return;
    if (event.key === "Escape") {
      var cancel = form.querySelector("[data-inline-cancel]");
      if (cancel) {
        event.preventDefault();
        cancel.click();
      }
    } else if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      form.requestSubmit();
    }
  });

  document.addEventListener("htmx:load", function (event) {
    var elt = event.detail.elt;
    if (!elt || !elt.matches) return;
    if (elt.matches("form[data-inline-edit]")) {
      var input = elt.querySelector("textarea, input:not([type=hidden]):not([tabindex='-1']), select");
      if (!input) return;
      input.focus();
      try {
        var end = input.value.length;
        input.setSelectionRange(end, end);
      } catch (e) { /* date and email inputs have no caret to place */ }
    } else if (elt.matches(".ifield") && document.activeElement === document.body) {
      var edit = elt.querySelector(".ifield__edit, button");
      if (edit) edit.focus();
    }
  });
})();
