// The outbox: captures, edits and deletes the server hasn't confirmed yet, in an IndexedDB FIFO.
// Workbox's background-sync queue done by hand, with one change: an entry is read from the
// head but deleted only once the server confirms it, so a failed replay (or a page closed
// mid-flush) leaves it at the head, where it is sent again. The server dedupes by UUID.
// Also keeps what /api/changes returns, so recent contacts and the current event read offline.
// Runs in pages and in the service worker (importScripts): no DOM here.
(function (root) {
  "use strict";

  var DB_NAME = "netpwa";
  var DB_VERSION = 1;
  var BATCH_SIZE = 50;
  var REQUEST_TIMEOUT_MS = 15000;
  var SYNC_TAG = "netpwa-outbox";

  var dbPromise = null;

  function openDb() {
    if (dbPromise) return dbPromise;
    dbPromise = new Promise(function (resolve, reject) {
      var request = root.indexedDB.open(DB_NAME, DB_VERSION);
      request.onupgradeneeded = function () {
        var db = request.result;
        db.createObjectStore("outbox", {keyPath: "seq", autoIncrement: true}).createIndex("user", "user");
        db.createObjectStore("rejected", {keyPath: "seq"}).createIndex("user", "user");
        db.createObjectStore("contacts", {keyPath: "uuid"}).createIndex("met_at", "met_at");
        db.createObjectStore("meta", {keyPath: "key"});
      };
      request.onsuccess = function () {
        var db = request.result;
        db.onversionchange = function () { db.close(); dbPromise = null; };
        resolve(db);
      };
      request.onerror = function () { dbPromise = null; reject(request.error); };
    });
    return dbPromise;
  }

  // fn gets the object stores; the promise settles when the transaction commits, with fn's
  // IDBRequest result (or whatever fn returned, filled in by its callbacks).
  function transact(names, mode, fn) {
    return openDb().then(function (db) {
      return new Promise(function (resolve, reject) {
        var tx = db.transaction(names, mode);
        var out = fn.apply(null, names.map(function (name) { return tx.objectStore(name); }));
        tx.oncomplete = function () { resolve(out instanceof IDBRequest ? out.result : out); };
        tx.onerror = function () { reject(tx.error); };
        tx.onabort = function () { reject(tx.error); };
      });
    });
  }

  function forUser(storeName, user, limit) {
    return transact([storeName], "readonly", function (store) {
      var found = [];
      store.index("user").openCursor(IDBKeyRange.only(String(user))).onsuccess = function (event) {
        var cursor = event.target.result;
        if (!cursor || (limit && found.length >= limit)) return;
        found.push(cursor.value);
        cursor.continue();
      };
      return found;
    });
  }

  function getMeta(key) {
    return transact(["meta"], "readonly", function (meta) { return meta.get(key); })
      .then(function (row) { return row ? row.value : undefined; });
  }

  function setMeta(values) {
    return transact(["meta"], "readwrite", function (meta) {
      Object.keys(values).forEach(function (key) { meta.put({key: key, value: values[key]}); });
    });
  }

  function newUuid() {
    if (root.crypto && root.crypto.randomUUID) return root.crypto.randomUUID();
    var bytes = root.crypto.getRandomValues(new Uint8Array(16));
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    var hex = Array.prototype.map.call(bytes, function (b) { return (b + 256).toString(16).slice(1); }).join("");
    return [hex.slice(0, 8), hex.slice(8, 12), hex.slice(12, 16), hex.slice(16, 20), hex.slice(20)].join("-");
  }

  // item: {op: "create"|"update"|"delete", uuid, fields, event_id (creates; omit for "current")};
  // an interaction also has type: "interaction" and contact_uuid.
  function enqueue(user, item) {
    var now = new Date().toISOString();
    var entry = {user: String(user), op: item.op, uuid: item.uuid, op_id: newUuid(),
                 fields: item.fields || {}, client_time: now, queued_at: now};
    if (item.op === "create" && item.event_id !== undefined) entry.event_id = item.event_id;
    if (item.type) { entry.type = item.type; entry.contact_uuid = item.contact_uuid; }
    return transact(["outbox"], "readwrite", function (outbox) { return outbox.add(entry); })
      .then(function (seq) { entry.seq = seq; return entry; });
  }

  // Take back an entry; resolves {present, maybeSent}. present is false once a flush has
  // delivered it (the lock waits for a flush in flight, so the answer is never "maybe");
  // maybeSent says a request carrying it timed out, so the server may have stored it anyway.
  function withdraw(seq) {
    return withLock("netpwa-outbox", function () {
      return transact(["outbox"], "readwrite", function (outbox) {
        var found = {present: false, maybeSent: false};
        outbox.get(seq).onsuccess = function (event) {
          var entry = event.target.result;
          if (!entry) return;
          found.present = true;
          found.maybeSent = !!entry.maybe_sent;
          outbox.delete(seq);
        };
        return found;
      });
    });
  }

  function markMaybeSent(batch) {
    return transact(["outbox"], "readwrite", function (outbox) {
      batch.forEach(function (entry) {
        outbox.get(entry.seq).onsuccess = function (event) {
          var row = event.target.result;
          if (row) { row.maybe_sent = true; outbox.put(row); }
        };
      });
    });
  }

  // A batch the server refused as a whole (too large, malformed) is split until the one change
  // it refuses stands alone; that one moves aside with the server's reason, like a refused item,
  // so it can be fixed or discarded and the rest go on. Nothing stays at the head for ever.
  function refuseAlone(entry, status, body, summary) {
    var message = body && body.error ? body.error
      : "The server refused it (error " + status + ").";
    return transact(["outbox", "rejected"], "readwrite", function (outbox, rejected) {
      outbox.delete(entry.seq);
      var failed = Object.assign({}, entry, {error: message, field: body && body.field ? body.field : null,
                                             code: status, rejected_at: new Date().toISOString()});
      rejected.put(failed);
      summary.rejected.push(failed);
    });
  }

  function refusedAsAWhole(response, body) {
    var status = response.status;
    if (status === 401 || status === 408 || status === 409 || status === 429 || status >= 500) return false;
    return status >= 400;
  }

  function discard(seq) {
    return transact(["rejected"], "readwrite", function (rejected) { rejected.delete(seq); });
  }

  // One lock for every sender (tabs and the worker), so entries for one contact go in order.
  var localChain = Promise.resolve();
  function withLock(name, fn) {
    var locks = root.navigator && root.navigator.locks;
    if (locks && locks.request) return locks.request(name, fn);
    var run = localChain.then(fn, fn);
    localChain = run.catch(function () {});
    return run;
  }

  function timedFetch(url, init) {
    var controller = new AbortController();
    var timer = setTimeout(function () { controller.abort(); }, REQUEST_TIMEOUT_MS);
    init.signal = controller.signal;
    init.credentials = "same-origin";
    return fetch(url, init).finally(function () { clearTimeout(timer); });
  }

  function wire(entry) {
    var item = {op: entry.op, uuid: entry.uuid, op_id: entry.op_id, fields: entry.fields,
                client_time: entry.client_time};
    if ("event_id" in entry) item.event_id = entry.event_id;
    if (entry.type) { item.type = entry.type; item.contact_uuid = entry.contact_uuid; }
    return item;
  }

  // Confirmed entries leave the outbox; rejected ones move aside, with the server's reason,
  // for the person to fix or discard. Entries without a result stay at the head.
  function settle(batch, results, summary) {
    return transact(["outbox", "rejected"], "readwrite", function (outbox, rejected) {
      var settled = 0;
      batch.forEach(function (entry, index) {
        var result = results[index];
        if (!result || result.uuid !== entry.uuid) return;
        outbox.delete(entry.seq);
        settled += 1;
        if (result.status === "ok") {
          summary.confirmed.push(result);
        } else {
          var failed = Object.assign({}, entry, {error: result.error, field: result.field,
                                                 code: result.code, rejected_at: new Date().toISOString()});
          rejected.put(failed);
          summary.rejected.push(failed);
        }
      });
      return {settled: settled};
    });
  }

  async function readJson(response) {
    try { return await response.json(); } catch (error) { return null; }
  }

  // options: {user, syncUrl, changesUrl, csrfToken: () => string}
  async function flushLocked(options) {
    var summary = {confirmed: [], rejected: [], failed: null, currentEvent: undefined};
    var refreshedToken = false;
    var size = BATCH_SIZE;
    for (;;) {
      var batch = await forUser("outbox", options.user, size);
      if (!batch.length) break;
      var response;
      try {
        response = await timedFetch(options.syncUrl, {
          method: "POST",
          headers: {"Content-Type": "application/json", "Accept": "application/json",
                    "X-CSRFToken": options.freshToken || await options.csrfToken()},
          body: JSON.stringify({user: String(options.user), items: batch.map(wire)})});
      } catch (error) {
        if (error && error.name === "AbortError") await markMaybeSent(batch);
        summary.failed = "network";
        break;
      }
      var body = await readJson(response);
      if (response.status === 400 && body && body.field === "csrf_token") {
        if (refreshedToken) { summary.failed = "csrf"; break; }
        refreshedToken = true;
        var pulled = await pull(options);
        if (pulled.csrf) options.freshToken = pulled.csrf;
        continue;
      }
      if (refusedAsAWhole(response, body)) {
        if (batch.length > 1) { size = Math.ceil(batch.length / 2); continue; }
        await refuseAlone(batch[0], response.status, body, summary);
        size = BATCH_SIZE;
        continue;
      }
      if (!response.ok || !body || !Array.isArray(body.results)) {
        summary.failed = response.ok ? "bad-response" : response.status;
        break;
      }
      summary.currentEvent = body.current_event;
      var outcome = await settle(batch, body.results, summary);
      if (!outcome.settled) {
        summary.failed = "no-progress";
        break;
      }
    }
    summary.csrf = options.freshToken;
    delete options.freshToken;
    return summary;
  }

  function flush(options) {
    return withLock("netpwa-outbox", function () { return flushLocked(options); });
  }

  function applyChanges(body) {
    return transact(["contacts", "meta"], "readwrite", function (contacts, meta) {
      body.contacts.forEach(function (contact) {
        if (contact.deleted_at) contacts.delete(contact.uuid);
        else contacts.put(contact);
      });
      meta.put({key: "cursor", value: body.cursor});
      meta.put({key: "currentEvent", value: body.current_event});
      if (body.csrf_token) meta.put({key: "csrf", value: body.csrf_token});
    });
  }

  async function pullLocked(options) {
    for (var page = 0; page < 100; page += 1) {
      var cursor = (await getMeta("cursor")) || "";
      var response;
      try {
        response = await timedFetch(options.changesUrl + "?since=" + encodeURIComponent(cursor),
                                    {headers: {"Accept": "application/json"}});
      } catch (error) {
        return {failed: "network"};
      }
      var body = await readJson(response);
      if (!response.ok || !body || !Array.isArray(body.contacts)) {
        return {failed: response.ok ? "bad-response" : response.status};
      }
      await applyChanges(body);
      if (!body.has_more) return {failed: null, currentEvent: body.current_event, csrf: body.csrf_token};
    }
    return {failed: null};
  }

  function pull(options) {
    return withLock("netpwa-pull", function () { return pullLocked(options); });
  }

  // The worker's Background Sync: who is logged in and their token come from what pages stored.
  async function flushStored(syncUrl, changesUrl) {
    var user = await getMeta("user");
    if (!user) return {failed: null, confirmed: [], rejected: []};
    var options = {user: user, syncUrl: syncUrl, changesUrl: changesUrl,
                   csrfToken: function () { return getMeta("csrf"); }};
    var summary = await flush(options);
    if (!summary.failed) await pull(options);
    return summary;
  }

  // The server writes met_at as UTC ISO text, so the index's text order is time order.
  function recentContacts(limit) {
    return transact(["contacts"], "readonly", function (contacts) {
      var found = [];
      contacts.index("met_at").openCursor(null, "prev").onsuccess = function (event) {
        var cursor = event.target.result;
        if (!cursor || found.length >= limit) return;
        found.push(cursor.value);
        cursor.continue();
      };
      return found;
    });
  }

  // A different person logged in on this device: their contacts must not show the last one's.
  function forgetContacts() {
    return transact(["contacts", "meta"], "readwrite", function (contacts, meta) {
      contacts.clear();
      meta.delete("cursor");
      meta.delete("currentEvent");
    });
  }

  root.netpwaOutbox = {
    SYNC_TAG: SYNC_TAG,
    BATCH_SIZE: BATCH_SIZE,
    newUuid: newUuid,
    enqueue: enqueue,
    pending: function (user) { return forUser("outbox", user); },
    rejected: function (user) { return forUser("rejected", user); },
    discard: discard,
    withdraw: withdraw,
    flush: flush,
    pull: pull,
    flushStored: flushStored,
    recentContacts: recentContacts,
    forgetContacts: forgetContacts,
    getMeta: getMeta,
    setMeta: setMeta,
  };
})(typeof self !== "undefined" ? self : this);
