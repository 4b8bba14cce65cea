// Tags as chips: an input[data-chips] keeps its name and submits the comma list; people see
// chips they can remove. Without this script it is a plain comma-separated text field.
(function () {
  "use strict";

  function splitTags(text) {
    return text.split(",").map(function (tag) { return tag.trim(); })
      .filter(function (tag) { return tag !== ""; });
  }

  function enhance(source) {
    if (source.hasAttribute("data-chips-ready")) return;
    source.setAttribute("data-chips-ready", "");
    var tags = [];
    var box = document.createElement("div");
    box.className = "chips-input";
    var list = document.createElement("ul");
    list.className = "chips";
    var entry = document.createElement("input");
    entry.type = "text";
    entry.className = "chips-input__entry";
    entry.autocomplete = "off";
    entry.setAttribute("autocapitalize", "off");
    entry.setAttribute("enterkeyhint", "enter");
    // The label points at the source's id: hand the id (and its description) to what people type in.
    entry.id = source.id;
    source.id = source.id + "-value";
    ["aria-describedby", "aria-invalid", "placeholder"].forEach(function (name) {
      if (source.hasAttribute(name)) entry.setAttribute(name, source.getAttribute(name));
    });
    source.classList.add("chips-input__source");
    source.tabIndex = -1;
    source.setAttribute("aria-hidden", "true");
    source.parentNode.insertBefore(box, source);
    box.appendChild(list);
    box.appendChild(entry);
    box.appendChild(source);

    function sync() {
      var pending = entry.value.trim();
      source.value = tags.concat(pending ? [pending] : []).join(", ");
    }

    function add(tag) {
      var lower = tag.toLowerCase();
      if (tags.some(function (t) { return t.toLowerCase() === lower; })) return;
      tags.push(tag);
    }

    function paint() {
      list.textContent = "";
      tags.forEach(function (tag, index) {
        var chip = document.createElement("li");
        chip.className = "chip";
        var text = document.createElement("span");
        text.textContent = tag;
        var remove = document.createElement("button");
        remove.type = "button";
        remove.className = "chip__remove";
        remove.textContent = "×";
        remove.setAttribute("aria-label", "Remove tag " + tag);
        // Keep focus where it is: a blur would repaint the chips under the pointer mid-click.
        remove.addEventListener("mousedown", function (event) { event.preventDefault(); });
        remove.addEventListener("click", function () {
          tags.splice(index, 1);
          paint();
          sync();
          entry.focus();
        });
        chip.appendChild(text);
        chip.appendChild(remove);
        list.appendChild(chip);
      });
      list.hidden = tags.length === 0;
    }

    function commit() {
      var parts = entry.value.split(",");
      var last = parts.pop();
      parts.forEach(function (part) { splitTags(part).forEach(add); });
      entry.value = last;
      if (parts.length) paint();
    }

    function commitAll() {
      if (entry.value.trim() === "") return;
      splitTags(entry.value).forEach(add);
      entry.value = "";
      paint();
      sync();
    }

    entry.addEventListener("input", function () {
      if (entry.value.indexOf(",") !== -1) commit();
      sync();
    });
    entry.addEventListener("keydown", function (event) {
      if (event.key === "Enter" && entry.value.trim() !== "") {
        // A pending tag becomes a chip first; the next Enter submits as usual.
        event.preventDefault();
        commitAll();
      } else if (event.key === "Backspace" && entry.value === "" && tags.length) {
        tags.pop();
        paint();
        sync();
      }
    });
    entry.addEventListener("blur", commitAll);
    box.addEventListener("click", function (event) {
      if (event.target === box || event.target === list) entry.focus();
    });

    // The form was cleared or refilled by a script (local-first capture, Fix): chips follow the
    // real input's value.
    if (source.form) {
      source.form.addEventListener("netpwa:refilled", function () {
        tags = [];
        entry.value = "";
        splitTags(source.value).forEach(add);
        paint();
        sync();
      });
    }

    splitTags(source.value).forEach(add);
    paint();
    sync();
    if (source.hasAttribute("autofocus")) {
      source.removeAttribute("autofocus");
      entry.focus();
    }
  }

  function enhanceAll(root) {
    if (!root || !root.querySelectorAll) return;
    if (root.matches && root.matches("input[data-chips]")) enhance(root);
    root.querySelectorAll("input[data-chips]").forEach(enhance);
  }

  document.addEventListener("htmx:load", function (event) { enhanceAll(event.detail.elt); });
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { enhanceAll(document); });
  } else {
    enhanceAll(document);
  }
})();
