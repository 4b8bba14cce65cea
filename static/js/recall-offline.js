// The drill from what the phone knows. When the practice page is a copy the service worker kept
// (opened offline), its deck is as old as the copy: this adds the people the phone has met
// since (pulled from /api/changes, or captured here and still in the outbox), drops the ones
// answered here today since the page was made, or deleted here and not yet synced, and for
// the 10-second recall asks about the phone's own last three. The answers then go through the
// outbox like any other (recall.js).
(function () {
  "use strict";

  var deck = document.querySelector("[data-recall-deck]");
  var outbox = window.netpwaOutbox;
  var status = document.getElementById("sync-status");
  if (!deck || !outbox || !status || !window.indexedDB) return;
  if (!document.documentElement.hasAttribute("data-offline-copy")) return;
  var user = status.dataset.user;
  var QUICK_COUNT = 3;
  var CHOICES = 4;
  var MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

  // The server writes UTC; a time without a zone (SQLite) is UTC too, not the phone's zone.
  function time(text) {
    if (!text) return NaN;
    return Date.parse(/[zZ]|[+-]\d\d:?\d\d$/.test(text) ? text : text + "Z");
  }

  // Pulled contacts with this device's unsent changes laid over them, newest first.
  function knownPeople(pending) {
    return outbox.recentContacts(100000).then(function (pulled) {
      var people = {};
      pulled.forEach(function (row) { people[row.uuid] = Object.assign({}, row); });
      pending.forEach(function (entry) {
        if (entry.type === "interaction") return;
        if (entry.op === "create") {
          people[entry.uuid] = Object.assign({uuid: entry.uuid, event_id: entry.event_id,
                                              met_at: entry.client_time}, entry.fields);
        } else if (entry.op === "update" && people[entry.uuid]) {
          Object.assign(people[entry.uuid], entry.fields);
        } else if (entry.op === "delete") {
          delete people[entry.uuid];
        }
      });
      return Object.keys(people).map(function (uuid) { return people[uuid]; })
        .filter(function (person) { return person.name && !person.deleted_at; })
        .sort(function (a, b) { return (time(b.met_at) || 0) - (time(a.met_at) || 0); });
    });
  }

  // The server's rule (netpwa/recall/deck.py): a note, or at least an event to ask by.
  function practisable(person) {
    return !!(String(person.mnemonic || "").trim() || person.event_id);
  }

  function givenName(name) { return String(name).trim().split(/\s+/)[0].toLowerCase(); }

  function shuffle(items) {
    for (var i = items.length - 1; i > 0; i -= 1) {
      var j = Math.floor(Math.random() * (i + 1));
      var swap = items[i]; items[i] = items[j]; items[j] = swap;
    }
    return items;
  }

  function choicesFor(person, people) {
    var taken = {};
    taken[givenName(person.name)] = true;
    var others = [];
    shuffle(people.slice(0, 300)).forEach(function (other) {
      var key = givenName(other.name);
      if (others.length >= CHOICES - 1 || other.uuid === person.uuid || taken[key]) return;
      taken[key] = true;
      others.push(other);
    });
    return shuffle(others.concat([person]));
  }

  function metLine(person, currentEvent) {
    var event = currentEvent && person.event_id && String(currentEvent.id) === String(person.event_id)
      ? currentEvent : null;
    var where = event ? event.name + (event.place ? ", " + event.place : "")
      : person.event_id ? "At an event" : "Not at an event";
    var met = new Date(time(person.met_at));
    return isNaN(met.getTime()) ? where
      : where + " · " + met.getDate() + " " + MONTHS[met.getMonth()] + " " + met.getFullYear();
  }

  function fillClue(card, name, text) {
    card.querySelectorAll('[data-clue="' + name + '"]').forEach(function (el) {
      if (!text) el.remove();
      else if (el.tagName === "DD") el.textContent = text;
    });
  }

  function newCard(template, person, people, currentEvent) {
    var card = template.content.firstElementChild.cloneNode(true);
    card.dataset.uuid = person.uuid;
    card.dataset.name = person.name;
    var note = String(person.mnemonic || "").trim();
    fillClue(card, "note", note);
    fillClue(card, "work", [person.headline, person.company].filter(Boolean).join(" · "));
    fillClue(card, "met", metLine(person, currentEvent));
    var suffix = person.uuid.slice(0, 8);
    var input = card.querySelector("[data-recall-answer]");
    var error = card.querySelector("[data-recall-error]");
    input.id = "answer-" + suffix;
    card.querySelector("label[for]").htmlFor = input.id;
    error.id = input.id + "-error";
    var choices = card.querySelector("[data-recall-choices]");
    var sample = choices.querySelector("button");
    choicesFor(person, people).forEach(function (option) {
      var button = sample.cloneNode(false);
      button.value = option.uuid;
      button.textContent = option.name;
      choices.appendChild(button);
    });
    sample.remove();
    if (choices.querySelectorAll("button").length < 2) choices.remove();
    card.querySelector(".recall-reveal .recall-name").textContent = person.name;
    var revealNote = card.querySelector(".recall-reveal .recall-note");
    if (note) revealNote.textContent = note; else revealNote.remove();
    return card;
  }

  function cards() { return Array.prototype.slice.call(deck.querySelectorAll("[data-recall-card]")); }

  // Numbers, which card shows first, the last card's Finish, and the empty state.
  function renumber() {
    var all = cards();
    all.forEach(function (card, index) {
      card.hidden = index !== 0;
      card.querySelector("[data-recall-count]").textContent = (index + 1) + " of " + all.length;
      card.querySelector("[data-recall-next]").textContent = index === all.length - 1 ? "Finish" : "Next";
    });
    deck.hidden = all.length === 0;
    var empty = document.querySelector("[data-recall-empty]");
    if (empty) empty.hidden = all.length > 0;
  }

  function rebuild(pending, people, currentEvent, answeredAt) {
    var template = deck.querySelector("template[data-recall-card-template]");
    var done = deck.querySelector("[data-recall-done]");
    var builtAt = time(deck.dataset.builtAt);
    // Answered here today since the page was made: waiting in the outbox, or synced already
    // (recall.js notes when). The copy doesn't know, and a name answered today isn't due today
    // (right or wrong, the next review is tomorrow at the earliest).
    var answered = {};
    var today = new Date().toDateString();
    pending.forEach(function (entry) { if (entry.op === "recall") answered[entry.uuid] = true; });
    Object.keys(answeredAt || {}).forEach(function (uuid) {
      var at = time(answeredAt[uuid]);
      if (at > builtAt && new Date(at).toDateString() === today) answered[uuid] = true;
    });
    var known = {};
    people.forEach(function (person) { known[person.uuid] = person; });
    var deleted = {};
    pending.forEach(function (entry) { if (entry.op === "delete") deleted[entry.uuid] = true; });
    var add;
    if (deck.dataset.scope === "last") {
      // The last three this phone has met, whatever the copy showed.
      cards().forEach(function (card) { card.remove(); });
      add = people.filter(practisable).slice(0, QUICK_COUNT);
    } else {
      cards().forEach(function (card) {
        if (answered[card.dataset.uuid] || deleted[card.dataset.uuid]) card.remove();
      });
      var shown = {};
      cards().forEach(function (card) { shown[card.dataset.uuid] = true; });
      // Met after the page was made: never practised, so due now. Only the names-due drill
      // takes them; an event's or "see again" list is about earlier events.
      add = deck.dataset.scope !== "due" ? [] : people.filter(function (person) {
        return practisable(person) && !shown[person.uuid] && !answered[person.uuid] &&
          !(time(person.met_at) <= builtAt);
      }).reverse();
    }
    add.forEach(function (person) { deck.insertBefore(newCard(template, person, people, currentEvent), done); });
    renumber();
  }

  outbox.pending(user).then(function (pending) {
    return Promise.all([knownPeople(pending), outbox.getMeta("currentEvent"),
                        outbox.getMeta("recallAnswered")]).then(function (found) {
      rebuild(pending, found[0], found[1], found[2]);
    });
  }).catch(function () { /* the copy's own deck still works */ }).finally(function () {
    deck.dataset.offlineDeck = "ready";  // for tests: the deck is final
  });
})();
