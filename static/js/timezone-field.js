// Fills the hidden time-zone field, so a time typed as 14:30 means 14:30 where the person is.
(function () {
  "use strict";
  var zone = "";
  try { zone = Intl.DateTimeFormat().resolvedOptions().timeZone || ""; } catch (error) { zone = ""; }
  document.querySelectorAll("input[data-timezone]").forEach(function (input) {
    if (!input.value && zone) input.value = zone;
  });
})();
