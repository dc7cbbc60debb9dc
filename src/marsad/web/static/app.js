/*
 * Marsad map page: a filter form, a Leaflet map with a country-outline basemap (no tiles) and a table.
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

  var form = document.getElementById("filters");
  var tbody = document.querySelector("#events tbody");
  var statusLine = document.getElementById("status");
  var rangeLabel = document.getElementById("range");
  var prevButton = document.getElementById("prev");
  var nextButton = document.getElementById("next");
  var summary = document.getElementById("summary");

  var state = { offset: 0, limit: PAGE_SIZE, total: 0, request: 0 };
  var map = null;
  var eventLayer = null;
  var markersById = {};

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
      ["Fatalities", event.fatalities]
    ].forEach(function (pair) {
      dl.appendChild(el("dt", pair[0]));
      dl.appendChild(el("dd", pair[1] === "" ? "-" : pair[1]));
    });
    dl.appendChild(el("dt", "Sources"));
    var dd = el("dd");
    dd.appendChild(sourceLinks(event));
    dl.appendChild(dd);
    box.appendChild(dl);
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
    events.forEach(function (event) {
      var tr = el("tr");
      tr.dataset.eventId = event.event_id;
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
      tr.appendChild(el("td", event.fatalities, "num"));
      var sourcesCell = el("td");
      sourcesCell.appendChild(sourceLinks(event));
      tr.appendChild(sourcesCell);
      if (event.latitude !== null && event.longitude !== null) tr.classList.add("has-point");
      rows.appendChild(tr);
    });
    tbody.replaceChildren(rows);
  }

  function selectRow(tr) {
    var marker = markersById[tr.dataset.eventId];
    if (!map || !marker) return;
    tbody.querySelectorAll("tr.selected").forEach(function (row) { row.classList.remove("selected"); });
    tr.classList.add("selected");
    map.setView(marker.getLatLng(), Math.max(map.getZoom(), 6));
    marker.openPopup();
  }

  function drawPager() {
    var first = state.total === 0 ? 0 : state.offset + 1;
    var last = Math.min(state.offset + state.limit, state.total);
    rangeLabel.textContent = first + "\u2013" + last + " of " + state.total;
    prevButton.disabled = state.offset === 0;
    nextButton.disabled = state.offset + state.limit >= state.total;
  }

  // ---- loading ---------------------------------------------------------------------------------

  function load() {
    var params = currentFilters();
    var query = new URLSearchParams(params);
    if (state.offset) query.set("offset", String(state.offset));
    if (state.limit !== PAGE_SIZE) query.set("limit", String(state.limit));
    window.history.replaceState(null, "", query.toString() ? "?" + query.toString() : window.location.pathname);
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

  initMap();
  loadSummary();
  loadTypes().then(function () {
    restoreFromUrl();
    load();
  });
})();
