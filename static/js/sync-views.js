// What the phone knows, painted from the outbox: the goal counter with captures still waiting
// added, the Recent list (pulled contacts with this device's unsent changes laid over them),
// and the offline page's "At <event>: N of M" line.
(function () {
  "use strict";

  var page = window.netpwa && window.netpwa.outboxPage;
  if (!page) return;
  var outbox = page.outbox;
  var RECENT_COUNT = 8;

  function paintCounter(pending) {
    var counter = document.getElementById("goal-counter");
    var metEl = counter && counter.querySelector("[data-goal-met]");
    if (!metEl || page.state.baseMet === null) return;
    var eventId = page.pageEventId();
    var undone = page.state.undone;
    var waiting = pending.filter(function (entry) {
      return entry.op === "create" && eventId !== null && String(entry.event_id) === eventId;
    }).length;
    // A capture the server has, taken back here: its delete is on its way.
    var leaving = pending.filter(function (entry) {
      return entry.op === "delete" && entry.uuid in undone && String(undone[entry.uuid]) === eventId;
    }).length;
    var met = Math.max(0, page.state.baseMet + waiting - leaving);
    var goal = Number(counter.dataset.goal) || 0;
    metEl.textContent = String(met);
    counter.classList.toggle("goal--reached", goal > 0 && met >= goal);
    celebrate(counter, met, goal);
    var ring = counter.querySelector(".ring__fill");
    if (ring && goal) {
      var length = Number(ring.getAttribute("stroke-dasharray"));
      ring.setAttribute("stroke-dashoffset", String(Math.round(length * (1 - Math.min(met / goal, 1)) * 100) / 100));
    }
  }

  // Reaching the goal here (the counter ticks before the server knows) is celebrated as the
  // server's counter does: the line under it and the ring's pop (none under reduced motion,
  // which the stylesheet handles).
  var shownMet = null;
  function celebrate(counter, met, goal) {
    var line = counter.querySelector(".goal__celebration");
    var reached = goal > 0 && met >= goal;
    // The quick recall of the last three is offered as the goal is reached, here as on the server.
    var offer = document.querySelector("[data-recall-offer]");
    if (offer && !reached) offer.hidden = true;
    else if (offer && reached && shownMet !== null && shownMet < goal) offer.hidden = false;
    if (line && !reached) {
      line.textContent = "";
      counter.classList.remove("goal--celebrate");
    } else if (line && reached && shownMet !== null && shownMet < goal) {
      var party = document.createElement("span");
      party.setAttribute("aria-hidden", "true");
      party.textContent = "🎉";
      line.replaceChildren(party, document.createTextNode(" Goal reached!"));
      counter.classList.remove("goal--celebrate");
      void counter.offsetWidth;  // restart the animation
      counter.classList.add("goal--celebrate");
    }
    shownMet = met;
  }

  // A fresh counter from the server counts what it has; add what is still waiting here.
  // A capture saved by the server directly (the first visit) is pulled, so Recent shows it.
  // A swap that brought no new counter (the friends' board polling) says nothing about it:
  // the counter it left is the page's, whose count a sync since may have overtaken.
  var countedFrom = document.getElementById("goal-counter");
  document.addEventListener("htmx:afterSettle", function (event) {
    var counter = document.getElementById("goal-counter");
    if (!counter || counter.dataset.met === undefined) return;
    var elt = event.detail && event.detail.elt;
    var fresh = counter !== countedFrom;
    if (fresh) {
      countedFrom = counter;
      page.state.baseMet = Number(counter.dataset.met);
    }
    if (elt && elt.id === "capture-form") page.sync();
    else if (fresh) page.refresh();
  });

  function recentItem(row) {
    var item = document.createElement("li");
    item.className = "list__item recent__item";
    var name = document.createElement(row.url ? "a" : "span");
    name.textContent = row.name;
    if (row.url) name.href = row.url;
    item.appendChild(name);
    if (row.headline) {
      var headline = document.createElement("span");
      headline.className = "muted";
      headline.textContent = row.headline;
      item.appendChild(headline);
    }
    if (row.waiting) {
      var tag = document.createElement("span");
      tag.className = "badge badge--waiting";
      tag.textContent = "waiting to sync";
      item.appendChild(tag);
    }
    return item;
  }

  // Pulled contacts, newest first, with this device's unsent changes laid over them.
  async function knownPeople(pending, limit) {
    var rows = (await outbox.recentContacts(limit + pending.length)).map(function (row) {
      return Object.assign({}, row);
    });
    var byUuid = {};
    rows.forEach(function (row) { byUuid[row.uuid] = row; });
    var waiting = [];
    pending.forEach(function (entry) {
      // A name-practice answer or a logged interaction changes nothing shown here.
      if (entry.op === "recall" || entry.type === "interaction") return;
      var row = byUuid[entry.uuid];
      if (entry.op === "create" && !row) {
        row = Object.assign({uuid: entry.uuid, met_at: entry.client_time}, entry.fields);
        byUuid[entry.uuid] = row;
        waiting.unshift(row);
      }
      if (!row) return;
      if (entry.op === "update") Object.assign(row, entry.fields);
      if (entry.op === "delete") row.deleted = true;
      row.waiting = true;
    });
    return waiting.concat(rows).filter(function (row) { return !row.deleted; }).slice(0, limit);
  }

  async function paintRecent(pending) {
    var sections = document.querySelectorAll("[data-recent]");
    if (!sections.length) return;
    var shown = await knownPeople(pending, RECENT_COUNT);
    sections.forEach(function (section) {
      var list = section.querySelector("[data-recent-list]");
      list.replaceChildren.apply(list, shown.map(recentItem));
      section.hidden = !shown.length;
    });
  }

  async function paintOfflineEvent(pending) {
    var target = document.querySelector("[data-offline-event]");
    if (!target) return;
    var event = await outbox.getMeta("currentEvent");
    if (!event) { target.hidden = true; return; }
    var waiting = pending.filter(function (entry) {
      return entry.op === "create" && String(entry.event_id) === String(event.id);
    }).length;
    target.textContent = "At " + event.name + ": " + (event.met + waiting) + " of " + event.goal + " new people";
    target.hidden = false;
  }

  // The contacts list served from the phone's copy: what the phone knows now (pulled plus the
  // outbox), not the list and count of the moment the copy was made.
  var OFFLINE_LIST_MAX = 2000;
  async function paintOfflineContacts(pending) {
    var results = page.offlineCopy && document.querySelector("#results");
    if (!results) return;
    var people = await knownPeople(pending, OFFLINE_LIST_MAX);
    var count = document.createElement("p");
    count.className = "results__count";
    var strong = document.createElement("strong");
    strong.textContent = String(people.length);
    count.append(strong, (people.length === 1 ? " contact" : " contacts") + " on this phone");
    var list = document.createElement("ul");
    list.className = "list contact-list";
    list.replaceChildren.apply(list, people.map(recentItem));
    results.replaceChildren(count, list);
  }

  page.paint(paintCounter);
  page.paint(paintOfflineContacts);
  page.paint(paintRecent);
  page.paint(paintOfflineEvent);
})();
