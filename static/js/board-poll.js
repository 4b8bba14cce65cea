// The friends' board polls (hx-trigger="every 5s") only while the screen is shown: a hidden
// tab or a locked phone asks the server nothing, and coming back refreshes at once. A script
// rather than an hx-trigger filter, because the CSP keeps htmx from evaluating expressions.
(function () {
  "use strict";

  function isBoard(elt) { return elt && elt.id === "friends-board"; }

  document.addEventListener("htmx:beforeRequest", function (event) {
    if (!isBoard(event.detail && event.detail.elt)) return;
    if (document.visibilityState === "hidden") event.preventDefault();
  });

  document.addEventListener("visibilitychange", function () {
    var board = document.getElementById("friends-board");
    if (document.visibilityState === "visible" && board && board.hasAttribute("hx-get") && window.htmx) {
      window.htmx.trigger(board, "board-refresh");
    }
  });
})();
