/*
 * Marsad map page: a filter form, a Leaflet map with a country-outline basemap (no tiles), a table and
 * a detail panel beside the map for the selected event: its coding, evidence, every source with the
 * figures that source gave, and its history. It is a panel, not a modal, so the map stays usable while
 * a fact-checker reads the provenance.
 *
 * Event text comes from news and is untrusted: it only ever enters the DOM through textContent or
 * attribute setters, never through innerHTML, and links are limited to http(s) URLs. The page works
 * without the vendor assets (Leaflet, topojson-client, world-atlas): the map is then replaced by a
 * one-line notice and the table still works.
 */
(function () {
  "use strict";

  var FILTERS = ["since", "until", "country", "admin1", "type", "actor"];
  var TYPE_COLORS = {
    "Battles": "#c0392b",
    "Explosions/Remote violence": "#e67e22",
    "Violence against civilians": "#8e44ad",
    "Protests": "#2980b9",
    "Riots": "#16a085",
    "Strategic developments": "#7f8c8d"
  };
  var DEFAULT_COLOR = "#34495e";
  var PAGE_SIZE = 100;
  var GRADES = ["confirmed", "fair", "weak", "contested"];
  // ACLED's codes, in words (marsad.model.event and marsad.model.place).
  var TIME_PRECISION = { 1: "the day itself", 2: "within a week of this day", 3: "within the month" };
  var GEO_PRECISION = {
    1: "the named town or village itself",
    2: "near a named place, or a part of a region",
    3: "a larger region (its centre is shown)"
  };
  var INTER = {
    1: "State forces", 2: "Rebel groups", 3: "Political militias", 4: "Identity militias",
    5: "Rioters", 6: "Protesters", 7: "Civilians", 8: "External/other forces"
  };
  var ACTIONS = {
    created: "Created",
    source_added: "Source added",
    source_removed: "Source removed",
    updated: "Updated from its sources",
    edited: "Edited by hand",
    merged: "Merged with another event",
    merged_away: "Merged into another event",
    split: "Split",
    restored: "Restored"
  };

  var form = document.getElementById("filters");
  var tbody = document.querySelector("#events tbody");
  var statusLine = document.getElementById("status");
  var rangeLabel = document.getElementById("range");
  var prevButton = document.getElementById("prev");
  var nextButton = document.getElementById("next");
  var summary = document.getElementById("summary");
  var workspace = document.getElementById("workspace");
  var detail = document.getElementById("detail");
  var detailTitle = document.getElementById("detail-title");
  var detailBody = document.getElementById("detail-body");

  var state = { offset: 0, limit: PAGE_SIZE, total: 0, request: 0 };
  var map = null;
  var eventLayer = null;
  var markersById = {};
  var eventsById = {};
  var selected = null; // the event id shown in the detail panel
  var detailTicket = 0;

  // ---- helpers ---------------------------------------------------------------------------------

  function el(tag, text, className) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = String(text);
    if (className) node.className = className;
    return node;
  }

  function safeUrl(raw) {
    if (!raw) return null;
    try {
      var url = new URL(String(raw), window.location.href);
      return url.protocol === "http:" || url.protocol === "https:" ? url.href : null;
    } catch (e) {
      return null;
    }
  }

  function colorFor(type) {
    return Object.prototype.hasOwnProperty.call(TYPE_COLORS, type) ? TYPE_COLORS[type] : DEFAULT_COLOR;
  }

  function radiusFor(fatalities) {
    var n = Math.max(0, Number(fatalities) || 0);
    return Math.min(22, 5 + 2.5 * Math.sqrt(n));
  }

  function fatalitiesText(event) {
    var low = Number(event.fatalities_low) || 0;
    var high = Number(event.fatalities_high) || 0;
    var text = String(event.fatalities);
    return low !== high ? text + " (" + low + "\u2013" + high + ")" : text;
  }

  function fatalitiesTitle(event) {
    var low = Number(event.fatalities_low) || 0;
    var high = Number(event.fatalities_high) || 0;
    if (low === high) return "";
    return "the sources report " + low + " to " + high + " (median " + event.fatalities_best + ")";
  }

  function gradeBadge(event) {
    var grade = GRADES.indexOf(event.claim_grade) >= 0 ? event.claim_grade : "weak";
    var badge = el("span", grade, "grade grade-" + grade);
    if (event.claim_reason) badge.title = event.claim_reason;
    return badge;
  }

  function sourceCount(event) {
    var n = Array.isArray(event.sources) && event.sources.length ? event.sources.length : 1;
    var count = el("span", n, "count");
    var independent = Number(event.independent_sources) || n;
    count.title = n + (n === 1 ? " report" : " reports") +
      (independent < n ? ", " + independent + " independent" : "");
    return count;
  }

  function setStatus(text, isError) {
    statusLine.textContent = text || "";
    statusLine.classList.toggle("error", Boolean(isError));
  }

  function errorMessage(body, status) {
    // FastAPI answers {"detail": "..."} or {"detail": [{"loc": [...], "msg": "..."}]} (422).
    if (body && typeof body.detail === "string") return body.detail;
    if (body && Array.isArray(body.detail)) {
      return body.detail.map(function (d) {
        var where = Array.isArray(d.loc) ? d.loc.filter(function (p) { return p !== "query"; }).join(".") : "";
        return (where ? where + ": " : "") + d.msg;
      }).join("; ");
    }
    return "request failed (HTTP " + status + ")";
  }

  function getJSON(url) {
    return fetch(url, { headers: { Accept: "application/json" } }).then(function (response) {
      return response.json().catch(function () { return null; }).then(function (body) {
        if (!response.ok) throw new Error(errorMessage(body, response.status));
        return body;
      });
    });
  }

  function currentFilters() {
    var params = new URLSearchParams();
    FILTERS.forEach(function (name) {
      var field = form.elements.namedItem(name);
      var value = field && field.value ? field.value.trim() : "";
      if (value) params.set(name, value);
    });
    return params;
  }

  // ---- map -------------------------------------------------------------------------------------

  function showMapNotice() {
    document.getElementById("map-notice").hidden = false;
    document.getElementById("map").hidden = true;
    map = null;
  }

  function initMap() {
    if (typeof window.L === "undefined" || typeof window.topojson === "undefined") {
      showMapNotice();
      return;
    }
    var L = window.L;
    map = L.map("map", { worldCopyJump: true, minZoom: 1, maxZoom: 13, zoomSnap: 0.5 });
    map.setView([15, 20], 2);
    map.attributionControl.addAttribution("Natural Earth (world-atlas)");
    eventLayer = L.featureGroup().addTo(map);
    fetch("static/vendor/world-atlas/countries-50m.json")
      .then(function (response) {
        if (!response.ok) throw new Error("HTTP " + response.status);
        return response.json();
      })
      .then(function (topo) {
        var countries = window.topojson.feature(topo, topo.objects.countries);
        var outlines = L.geoJSON(countries, {
          interactive: false,
          style: { color: "#8a9aa6", weight: 0.7, fillColor: "#f7f5ef", fillOpacity: 1 }
        });
        outlines.addTo(map);
        outlines.bringToBack();
      })
      .catch(function () {
        showMapNotice();
      });
    addLegend(L);
  }

  function addLegend(L) {
    var legend = L.control({ position: "bottomright" });
    legend.onAdd = function () {
      var box = el("div", null, "legend");
      Object.keys(TYPE_COLORS).forEach(function (type) {
        var row = el("div");
        var swatch = el("span", null, "swatch");
        swatch.style.backgroundColor = TYPE_COLORS[type];
        row.appendChild(swatch);
        row.appendChild(document.createTextNode(type));
        box.appendChild(row);
      });
      return box;
    };
    legend.addTo(map);
  }

  function sourceLinks(event) {
    var box = el("span", null, "sources");
    var sources = Array.isArray(event.sources) && event.sources.length
      ? event.sources
      : [{ source: event.source, url: event.url }];
    sources.forEach(function (s, i) {
      var label = s.source || (s.url ? hostOf(s.url) : "") || "source " + (i + 1);
      var href = safeUrl(s.url);
      var node;
      if (href) {
        node = el("a", label);
        node.href = href;
        node.target = "_blank";
        node.rel = "noopener noreferrer";
      } else {
        node = el("span", label);
      }
      if (s.published) node.title = "published " + s.published;
      box.appendChild(node);
      if (i < sources.length - 1) box.appendChild(document.createTextNode(" "));
    });
    return box;
  }

  function hostOf(raw) {
    try { return new URL(String(raw)).hostname; } catch (e) { return ""; }
  }

  function actors(event) {
    return [event.actor1, event.actor2].filter(Boolean).join(" vs ");
  }

  function place(event) {
    return [event.location, event.admin1, event.country].filter(Boolean).join(", ");
  }

  function popupFor(event) {
    var box = el("div", null, "popup");
    box.appendChild(el("h3", event.sub_event_type || event.event_type));
    var dl = el("dl");
    [
      ["Date", event.event_date],
      ["Type", event.event_type],
      ["Actors", actors(event)],
      ["Location", place(event)],
      ["Fatalities", fatalitiesText(event)]
    ].forEach(function (pair) {
      dl.appendChild(el("dt", pair[0]));
      dl.appendChild(el("dd", pair[1] === "" ? "-" : pair[1]));
    });
    dl.appendChild(el("dt", "Sources"));
    var dd = el("dd");
    dd.appendChild(sourceLinks(event));
    dl.appendChild(dd);
    box.appendChild(dl);
    var more = el("button", "Evidence, sources and history", "more");
    more.type = "button";
    more.addEventListener("click", function () { openDetail(event.event_id); });
    box.appendChild(more);
    return box;
  }

  function drawMarkers(events) {
    if (!map) return;
    var L = window.L;
    eventLayer.clearLayers();
    markersById = {};
    events.forEach(function (event) {
      if (event.latitude === null || event.longitude === null) return;
      var color = colorFor(event.event_type);
      var marker = L.circleMarker([event.latitude, event.longitude], {
        pane: "markerPane",
        className: "marsad-event",
        radius: radiusFor(event.fatalities),
        color: "#222",
        weight: 1,
        fillColor: color,
        fillOpacity: 0.75
      });
      marker.bindPopup(function () { return popupFor(event); });
      marker.addTo(eventLayer);
      markersById[event.event_id] = marker;
    });
    var bounds = eventLayer.getBounds();
    if (bounds.isValid()) map.fitBounds(bounds, { padding: [30, 30], maxZoom: 7 });
  }

  // ---- table -----------------------------------------------------------------------------------

  function drawTable(events) {
    var rows = document.createDocumentFragment();
    eventsById = {};
    events.forEach(function (event) {
      eventsById[event.event_id] = event;
      var tr = el("tr");
      tr.dataset.eventId = event.event_id;
      tr.tabIndex = 0;
      if (event.event_id === selected) tr.classList.add("selected");
      tr.appendChild(el("td", event.event_date));
      var typeCell = el("td");
      var swatch = el("span", null, "swatch");
      swatch.style.backgroundColor = colorFor(event.event_type);
      typeCell.appendChild(swatch);
      typeCell.appendChild(document.createTextNode(event.event_type));
      tr.appendChild(typeCell);
      tr.appendChild(el("td", event.sub_event_type));
      tr.appendChild(el("td", event.actor1));
      tr.appendChild(el("td", event.actor2));
      tr.appendChild(el("td", event.location));
      tr.appendChild(el("td", event.admin1));
      tr.appendChild(el("td", event.country));
      var fatalCell = el("td", fatalitiesText(event), "num");
      var fatalTitle = fatalitiesTitle(event);
      if (fatalTitle) fatalCell.title = fatalTitle;
      tr.appendChild(fatalCell);
      var gradeCell = el("td");
      gradeCell.appendChild(gradeBadge(event));
      tr.appendChild(gradeCell);
      var sourcesCell = el("td");
      sourcesCell.appendChild(sourceCount(event));
      sourcesCell.appendChild(sourceLinks(event));
      tr.appendChild(sourcesCell);
      if (event.latitude !== null && event.longitude !== null) tr.classList.add("has-point");
      rows.appendChild(tr);
    });
    tbody.replaceChildren(rows);
  }

  function markSelected() {
    tbody.querySelectorAll("tr").forEach(function (row) {
      row.classList.toggle("selected", row.dataset.eventId === selected);
    });
  }

  function selectRow(tr) {
    var id = tr.dataset.eventId;
    openDetail(id);
    var marker = markersById[id];
    if (!map || !marker) return;
    map.setView(marker.getLatLng(), Math.max(map.getZoom(), 6));
    marker.openPopup();
  }

  // ---- detail panel ----------------------------------------------------------------------------

  function utcText(iso) {
    // "2024-06-02T10:11:12.345678+00:00" or "...Z" -> "2024-06-02 10:11:12 UTC" (the store keeps UTC).
    return String(iso).replace("T", " ").replace(/\.\d+/, "").replace(/(Z|\+00:00)$/, "") + " UTC";
  }

  function section(title) {
    var box = el("section", null, "detail-section");
    box.appendChild(el("h3", title));
    detailBody.appendChild(box);
    return box;
  }

  function definitions(pairs) {
    var dl = el("dl");
    pairs.forEach(function (pair) {
      if (pair[1] === null || pair[1] === undefined || pair[1] === "") return;
      dl.appendChild(el("dt", pair[0]));
      var dd = el("dd");
      if (pair[1] instanceof Node) dd.appendChild(pair[1]); else dd.textContent = String(pair[1]);
      dl.appendChild(dd);
    });
    return dl;
  }

  function actorText(name, assoc, inter) {
    if (!name) return "";
    var text = name;
    if (INTER[inter]) text += " (" + INTER[inter] + ")";
    if (assoc) text += "; with " + assoc;
    return text;
  }

  function withNote(value, note) {
    var span = el("span", value);
    if (note) span.appendChild(el("span", " \u2013 " + note, "note"));
    return span;
  }

  function codingSection(event) {
    var box = section("Coding");
    var where = [event.location, event.admin2, event.admin1, event.country].filter(Boolean).join(", ");
    var point = event.latitude !== null && event.longitude !== null
      ? event.latitude + ", " + event.longitude : "not on the map (no coordinates)";
    var geo = event.geo_precision !== null && event.geo_precision !== undefined
      ? withNote(String(event.geo_precision), GEO_PRECISION[event.geo_precision] || "") : "not geocoded";
    var harm = [];
    if (event.injuries) harm.push(event.injuries + " injured");
    if (event.arrests) harm.push(event.arrests + " arrested");
    box.appendChild(definitions([
      ["Date", withNote(event.event_date, TIME_PRECISION[event.time_precision] || "")],
      ["Type", event.event_type + " / " + event.sub_event_type],
      ["Actor 1", actorText(event.actor1, event.assoc_actor_1, event.inter1)],
      ["Actor 2", actorText(event.actor2, event.assoc_actor_2, event.inter2)],
      ["Location", where || "unknown"],
      ["Coordinates", point],
      ["Geo precision", geo],
      ["Fatalities", withNote(fatalitiesText(event), fatalitiesTitle(event))],
      ["Also", harm.join(", ")],
      ["Last change", event.last_modified ? utcText(event.last_modified) : ""]
    ]));
  }

  function evidenceSection(event) {
    var box = section("Evidence");
    var sentences = Array.isArray(event.evidence) ? event.evidence : [];
    if (!sentences.length) box.appendChild(el("p", "No evidence sentence was kept.", "note"));
    sentences.forEach(function (ev) { box.appendChild(el("blockquote", ev.text, "evidence")); });
    var who = el("p", null, "claim");
    who.appendChild(el("span", "Reported by: ", "label"));
    who.appendChild(document.createTextNode(event.claim || "the text names no one"));
    box.appendChild(who);
  }

  function sourcesSection(event) {
    var docs = Array.isArray(event.sources) ? event.sources : [];
    var reports = Array.isArray(event.mentions) && event.mentions.length ? event.mentions : docs;
    var independent = Number(event.independent_sources) || docs.length;
    var box = section("Sources (" + docs.length + (independent < docs.length ? ", " + independent + " independent" : "") + ")");
    var urls = {};
    docs.forEach(function (d) { urls[d.doc_id] = d.url; });
    var list = el("ol", null, "source-list");
    reports.forEach(function (m) {
      var li = el("li", null, "source");
      var head = el("div", null, "source-head");
      var name = m.source || hostOf(urls[m.doc_id]) || m.doc_id;
      var href = safeUrl(urls[m.doc_id]);
      var label;
      if (href) {
        label = el("a", name);
        label.href = href;
        label.target = "_blank";
        label.rel = "noopener noreferrer";
      } else {
        label = el("strong", name);
      }
      head.appendChild(label);
      head.appendChild(el("span", m.published ? "published " + m.published : "publication date unknown", "note"));
      li.appendChild(head);
      if (m.event_date !== undefined) {
        var figures = [
          "event date " + m.event_date,
          m.fatalities + " killed"
        ];
        if (m.injuries) figures.push(m.injuries + " injured");
        if (m.arrests) figures.push(m.arrests + " arrested");
        if (m.sub_event_type && m.sub_event_type !== event.sub_event_type) figures.push(m.sub_event_type);
        li.appendChild(el("div", figures.join(" \u00b7 "), "figures"));
        if (m.claim) li.appendChild(el("div", "attributed to: " + m.claim, "note"));
      }
      li.appendChild(el("div", "document " + m.doc_id, "doc-id"));
      list.appendChild(li);
    });
    box.appendChild(list);
  }

  function historySection(event) {
    var box = section("History");
    var list = el("ol", null, "history");
    var note = el("p", "Loading the history\u2026", "note");
    box.appendChild(note);
    box.appendChild(list);
    var ticket = ++detailTicket;
    getJSON("api/events/" + encodeURIComponent(event.event_id) + "/history")
      .then(function (entries) {
        if (ticket !== detailTicket) return;
        note.remove();
        entries.forEach(function (h) {
          var li = el("li", null, "change");
          var head = el("div");
          head.appendChild(el("strong", ACTIONS[h.action] || h.action));
          var when = el("time", " " + utcText(h.at), "note");
          when.dateTime = String(h.at);
          head.appendChild(when);
          li.appendChild(head);
          if (h.why) li.appendChild(el("div", h.why, "why"));
          // A creation "changes" every field: listing them says nothing.
          if (h.action !== "created" && Array.isArray(h.changed) && h.changed.length) {
            li.appendChild(el("div", "changed: " + h.changed.join(", "), "note"));
          }
          list.appendChild(li);
        });
        if (!entries.length) box.appendChild(el("p", "No recorded changes.", "note"));
      })
      .catch(function (err) {
        if (ticket !== detailTicket) return;
        note.textContent = "History unavailable: " + err.message;
        note.classList.add("error");
      });
  }

  function showDetail(event) {
    detailTitle.textContent = event.sub_event_type || event.event_type;
    detailBody.replaceChildren();
    var top = el("div", null, "detail-top");
    top.appendChild(gradeBadge(event));
    top.appendChild(el("span", event.claim_reason, "reason"));
    top.appendChild(el("span", event.event_id, "event-id"));
    detailBody.appendChild(top);
    codingSection(event);
    evidenceSection(event);
    sourcesSection(event);
    historySection(event);
    detail.hidden = false;
    workspace.classList.add("with-detail");
    if (map) map.invalidateSize();
    detail.scrollTop = 0;
    detail.scrollIntoView({ block: "nearest" });
  }

  function openDetail(id) {
    selected = id;
    markSelected();
    syncUrl();
    if (Object.prototype.hasOwnProperty.call(eventsById, id)) {
      showDetail(eventsById[id]);
      return Promise.resolve();
    }
    return getJSON("api/events/" + encodeURIComponent(id))
      .then(function (event) { if (selected === id) showDetail(event); })
      .catch(function (err) { setStatus(err.message, true); });
  }

  function closeDetail() {
    selected = null;
    detailTicket++;
    detail.hidden = true;
    workspace.classList.remove("with-detail");
    detailBody.replaceChildren();
    markSelected();
    syncUrl();
    if (map) map.invalidateSize();
  }

  function drawPager() {
    var first = state.total === 0 ? 0 : state.offset + 1;
    var last = Math.min(state.offset + state.limit, state.total);
    rangeLabel.textContent = first + "\u2013" + last + " of " + state.total;
    prevButton.disabled = state.offset === 0;
    nextButton.disabled = state.offset + state.limit >= state.total;
  }

  // ---- loading ---------------------------------------------------------------------------------

  function syncUrl() {
    var query = currentFilters();
    if (state.offset) query.set("offset", String(state.offset));
    if (state.limit !== PAGE_SIZE) query.set("limit", String(state.limit));
    if (selected) query.set("event", selected);
    window.history.replaceState(null, "", query.toString() ? "?" + query.toString() : window.location.pathname);
  }

  function load() {
    var params = currentFilters();
    syncUrl();
    params.set("limit", String(state.limit));
    params.set("offset", String(state.offset));
    var ticket = ++state.request;
    setStatus("Loading\u2026");
    return getJSON("api/events?" + params.toString())
      .then(function (page) {
        if (ticket !== state.request) return; // a newer request is on its way
        state.total = page.total;
        drawTable(page.events);
        drawMarkers(page.events);
        drawPager();
        setStatus(page.total === 0 ? "No events match these filters." : "");
      })
      .catch(function (err) {
        if (ticket !== state.request) return;
        setStatus(err.message, true);
      });
  }

  function loadTypes() {
    var select = form.elements.namedItem("type");
    return getJSON("api/vocabulary").then(function (vocab) {
      vocab.event_types.forEach(function (type) {
        var option = el("option", type);
        option.value = type;
        select.appendChild(option);
      });
    }).catch(function () { /* the select keeps "any"; the API still validates types */ });
  }

  function loadSummary() {
    getJSON("api/health").then(function (health) {
      summary.textContent = health.events + " events in the database";
    }).catch(function () { summary.textContent = ""; });
  }

  function restoreFromUrl() {
    var query = new URLSearchParams(window.location.search);
    FILTERS.forEach(function (name) {
      var field = form.elements.namedItem(name);
      if (field && query.has(name)) field.value = query.get(name);
    });
    var offset = parseInt(query.get("offset") || "0", 10);
    state.offset = isNaN(offset) || offset < 0 ? 0 : offset;
    var limit = parseInt(query.get("limit") || String(PAGE_SIZE), 10);
    state.limit = isNaN(limit) || limit < 1 || limit > 1000 ? PAGE_SIZE : limit;
    return query.get("event");
  }

  // ---- wiring ----------------------------------------------------------------------------------

  form.addEventListener("submit", function (e) {
    e.preventDefault();
    state.offset = 0;
    load();
  });
  form.addEventListener("reset", function () {
    window.setTimeout(function () { state.offset = 0; load(); }, 0);
  });
  prevButton.addEventListener("click", function () {
    state.offset = Math.max(0, state.offset - state.limit);
    load();
  });
  nextButton.addEventListener("click", function () {
    state.offset += state.limit;
    load();
  });
  tbody.addEventListener("click", function (e) {
    if (e.target.closest("a")) return;
    var tr = e.target.closest("tr");
    if (tr) selectRow(tr);
  });
  tbody.addEventListener("keydown", function (e) {
    if (e.key !== "Enter" && e.key !== " ") return;
    if (e.target.closest("a")) return;
    var tr = e.target.closest("tr");
    if (!tr) return;
    e.preventDefault();
    selectRow(tr);
  });
  document.getElementById("detail-close").addEventListener("click", closeDetail);
  document.addEventListener("keydown", function (e) {
    if (e.key === "Escape" && !detail.hidden) closeDetail();
  });

  initMap();
  loadSummary();
  loadTypes().then(function () {
    var wanted = restoreFromUrl();
    load().then(function () { if (wanted) openDetail(wanted); });
  });
})();
