// When the outbox is sent and the server's changes pulled: on load, `online`, the page coming
// back into view, the worker's Background Sync message, and a timer that backs off while the
// server can't be reached. Every trigger funnels into one run at a time.
(function () {
  "use strict";

  var page = window.netpwa && window.netpwa.outboxPage;
  if (!page) return;
  var outbox = page.outbox;
  var state = page.state;

  var FIRST_RETRY_MS = 5000;
  var PULL_EVERY_MS = 60000;
  var MAX_BACKOFF_MS = 5 * 60000;

  var timer = null;
  var running = null;
  var again = false;

  function useEvent(currentEvent) {
    if (currentEvent === undefined) return;
    if (currentEvent && String(currentEvent.id) === page.pageEventId()) state.baseMet = currentEvent.met;
  }

  function scheduleNext(pendingCount) {
    clearTimeout(timer);
    var delay = pendingCount === 0 && !state.failures ? PULL_EVERY_MS
      : Math.min(FIRST_RETRY_MS * Math.pow(2, Math.max(0, state.failures - 1)), MAX_BACKOFF_MS);
    timer = setTimeout(function () {
      if (document.hidden) scheduleNext(pendingCount);
      else sync();
    }, delay);
  }

  async function syncOnce() {
    var wasFailing = !!state.lastFailure || !!state.queuedOffline;
    var summary = await outbox.flush(page.options);
    page.useToken(summary.csrf);
    state.lastFailure = summary.failed;
    if (summary.confirmed.length) state.savedHere = true;
    state.failures = summary.failed ? state.failures + 1 : 0;
    if (summary.currentEvent !== undefined) {
      await outbox.setMeta({currentEvent: summary.currentEvent});
      useEvent(summary.currentEvent);
    }
    summary.rejected.forEach(function (entry) { page.toast("Couldn't sync. " + page.describe(entry)); });
    summary.confirmed.forEach(function (result) {
      if (result.in_trash) page.toast((result.contact ? result.contact.name : "A contact") +
        " was deleted on another device; your " + (result.type === "interaction" ? "log" : "edit") +
        " is kept with it in the trash.");
    });
    // After a spell without the server, say that the waiting captures made it.
    var synced = summary.confirmed.filter(function (result) {
      return result.op === "create" && result.type !== "interaction";
    }).length;
    if (!summary.failed) state.queuedOffline = false;
    if (wasFailing && !summary.failed && synced) {
      page.toast(synced === 1 ? "1 capture synced" : synced + " captures synced");
    }
    if (!summary.failed) {
      var pulled = await outbox.pull(page.options);
      if (!pulled.failed) {
        page.useToken(pulled.csrf);
        useEvent(pulled.currentEvent);
      }
    }
    var pending = await page.refresh();
    scheduleNext(pending.length);
  }

  // A trigger during a run asks for one more run after it.
  function sync() {
    if (running) {
      again = true;
      return running;
    }
    running = syncOnce().catch(function () {
      state.failures += 1;
      scheduleNext();
    }).finally(function () {
      running = null;
      if (again) {
        again = false;
        sync();
      }
    });
    return running;
  }

  page.sync = sync;
  page.scheduleNext = scheduleNext;
  window.netpwa.sync = sync;

  window.addEventListener("online", sync);
  document.addEventListener("visibilitychange", function () {
    if (!document.hidden) sync();
  });
  if ("serviceWorker" in navigator) {
    navigator.serviceWorker.addEventListener("message", function (event) {
      if (event.data && event.data.type === "flush") sync();
    });
  }

  async function init() {
    var previous = await outbox.getMeta("user");
    if (previous && previous !== page.user) await outbox.forgetContacts();
    var remember = {user: page.user};
    if (!page.offlineCopy) remember.csrf = page.csrfToken();
    await outbox.setMeta(remember);
    var counter = document.getElementById("goal-counter");
    if (counter && counter.dataset.met !== undefined) state.baseMet = Number(counter.dataset.met);
    if (page.offlineCopy) useEvent(await outbox.getMeta("currentEvent"));
    await page.refresh();
    sync();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
