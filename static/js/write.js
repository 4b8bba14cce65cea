// Write…: keep the Email link in step with the edited text, Copy to the clipboard, and the
// phone's share sheet (Web Share API) where the browser has one. The composer is swapped in
// by htmx when another template is picked, so everything is wired by delegation.
(function () {
  "use strict";

  function mailto(address, subject, body) {
    // RFC 6068: percent-encode everything; line breaks as CRLF.
    return "mailto:" + encodeURIComponent(address || "").replace(/%40/g, "@") +
      "?subject=" + encodeURIComponent(subject) +
      "&body=" + encodeURIComponent(body.replace(/\r?\n/g, "\r\n"));
  }

  function parts(composer) {
    return {
      subject: composer.querySelector("[data-subject]"),
      body: composer.querySelector("[data-body]"),
      link: composer.querySelector("[data-mailto]"),
      status: composer.querySelector("[data-status]"),
    };
  }

  function gapsLeft(text) {
    return (text.match(/\[[^\]\n]{1,40}\]/g) || []).length;
  }

  function say(composer, message) {
    parts(composer).status.textContent = message;
  }

  function refresh(composer) {
    var p = parts(composer);
    p.link.href = mailto(p.link.dataset.address, p.subject.value, p.body.value);
    composer.querySelector("[data-copy]").hidden = !(navigator.clipboard && window.isSecureContext);
    composer.querySelector("[data-share]").hidden = typeof navigator.share !== "function";
  }

  function warnGaps(composer) {
    var left = gapsLeft(parts(composer).body.value);
    return left ? " " + left + (left === 1 ? " gap is" : " gaps are") + " still [in brackets]." : "";
  }

  document.addEventListener("input", function (event) {
    var composer = event.target.closest("[data-composer]");
    if (composer) refresh(composer);
  });

  document.addEventListener("click", function (event) {
    var composer = event.target.closest("[data-composer]");
    if (!composer) return;
    var p = parts(composer);
    if (event.target.closest("[data-copy]")) {
      var text = (p.subject.value ? p.subject.value + "\n\n" : "") + p.body.value;
      navigator.clipboard.writeText(text).then(function () {
        say(composer, "Copied." + warnGaps(composer) + " Tap Sent once it has gone.");
      }, function () {
        say(composer, "Couldn't copy here: select the text and copy it by hand.");
      });
    } else if (event.target.closest("[data-share]")) {
      navigator.share({ title: p.subject.value, text: p.body.value }).then(function () {
        say(composer, "Shared." + warnGaps(composer) + " Tap Sent once it has gone.");
      }, function () { /* the person closed the share sheet */ });
    }
  });

  function init() {
    document.querySelectorAll("[data-composer]").forEach(refresh);
  }
  document.addEventListener("DOMContentLoaded", init);
  document.addEventListener("htmx:afterSettle", init);
})();
