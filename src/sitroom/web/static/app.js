// sitroom's map, timeline and filters. Everything comes from this server's /api; the URL keeps the filter.
"use strict";

const COLORS = {
  "Battles": "#d62728", "Explosions/Remote violence": "#ff7f0e", "Violence against civilians": "#9467bd",
  "Protests": "#2ca02c", "Riots": "#8c564b", "Strategic developments": "#1f77b4",
};
const FILTER_NAMES = ["since", "until", "country", "admin1", "event_type", "sub_event_type", "actor", "q"];
const form = document.getElementById("filters");
const map = L.map("map", { worldCopyJump: true, minZoom: 1, maxZoom: 14 }).setView([20, 20], 2);
map.attributionControl.addAttribution("Country outlines: Natural Earth via world-atlas");
const points = L.layerGroup().addTo(map);
let request = 0;

function currentFilters() {
  const params = new URLSearchParams();
  for (const name of FILTER_NAMES) {
    const value = form.elements[name].value.trim();
    if (value) params.set(name, value);
  }
  // Events under the export threshold are stored flagged low_confidence; the analyst asks for them.
  if (form.elements.doubtful.checked) params.set("min_confidence", "0");
  return params;
}

function readUrl() {
  const params = new URLSearchParams(location.search);
  for (const name of FILTER_NAMES) form.elements[name].value = params.get(name) || "";
  form.elements.doubtful.checked = params.get("min_confidence") === "0";
}

async function getJson(path, params) {
  const response = await fetch(`${path}?${params}`);
  if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`);
  return response.json();
}

const SVG_NS = "http://www.w3.org/2000/svg";
const LIST_IN_POPUP = 20; // a cluster's popup lists this many of its events, newest first
const fmt = (n) => Number(n ?? 0).toLocaleString("en");

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === "text") node.textContent = v; else if (k === "class") node.className = v; else node.setAttribute(k, v);
  }
  node.append(...children.filter((c) => c !== null && c !== undefined));
  return node;
}

// One popup, owned by the map rather than by a marker: the markers are redrawn after every pan (the popup's own
// auto-pan included), and a popup bound to a marker would close with it.
const popup = L.popup({ maxWidth: 340, autoPanPadding: [24, 24] });
let selectedEvent = null; // the event whose popup is open; kept in the URL as ?event=
popup.on("remove", () => { if (selectedEvent !== null) { selectedEvent = null; writeUrl(); } });

function eventPopup(p) {
  return el("div", { class: "popup-event" },
    el("b", { text: p.sub_event_type || "" }), ` · ${p.event_date || ""}`, el("br"),
    [p.location, p.admin1, p.country].filter(Boolean).join(", "), el("br"),
    `${p.actor1 || ""}${p.actor2 ? " vs " + p.actor2 : ""}`, el("br"),
    `fatalities: ${fmt(p.fatalities)}`, el("br"),
    el("a", { class: "event-link", href: `/events/${p.id}`, text: "evidence →" }));
}

function openEvent(p, latlng) {
  selectedEvent = p.id;
  popup.setLatLng(latlng).setContent(eventPopup(p)).openOn(map);
  writeUrl();
}

// A cluster's popup: its mix of types and a list of its events. Events at one point (one town centre) never
// split however far one zooms, so the list is the way to reach them.
function openCluster(p, latlng) {
  const [west, south, east, north] = p.bounds;
  const onePlace = west === east && south === north;
  const list = el("ol", { class: "cluster-events", "aria-busy": "true" }, el("li", { text: "loading…" }));
  const mix = el("ul", { class: "cluster-mix" }, ...Object.entries(p.by_event_type || {}).map(([t, n]) =>
    el("li", {}, el("i", { class: `swatch t-${typeClass(t)}` }), `${t}: ${fmt(n)}`)));
  const body = el("div", { class: "popup-cluster" },
    el("b", { text: `${fmt(p.count)} events` }), ` · ${fmt(p.fatalities)} fatalities`,
    onePlace ? el("div", { class: "note", text: "all at one place" }) : null, mix, list);
  if (!onePlace && map.getZoom() < map.getMaxZoom()) {
    const zoom = el("button", { type: "button", class: "zoom-in", text: "zoom in" });
    zoom.addEventListener("click", () => { map.closePopup(); map.fitBounds([[south, west], [north, east]], { maxZoom: map.getMaxZoom(), padding: [30, 30] }); });
    body.append(zoom);
  }
  selectedEvent = null;
  popup.setLatLng(latlng).setContent(body).openOn(map);
  writeUrl();
  // The R*Tree keeps 32-bit coordinates: pad the box by ~10 m so the events on its edge are inside it.
  const pad = 1e-4, params = currentFilters();
  params.set("bbox", [west - pad, south - pad, east + pad, north + pad].map((v) => v.toFixed(5)).join(","));
  params.set("limit", LIST_IN_POPUP);
  getJson("/api/events", params).then((page) => {
    list.replaceChildren(...page.events.map((e) => el("li", {},
      el("a", { class: "event-link", href: `/events/${e.id}`, text: `${e.event_date} · ${e.sub_event_type}` }),
      ` · ${[e.location, e.country].filter(Boolean).join(", ")}${e.fatalities ? ` · ${fmt(e.fatalities)} dead` : ""}`)));
    if (p.count > page.events.length) list.after(el("p", { class: "note", text: `and ${fmt(p.count - page.events.length)} more: zoom in or filter` }));
    list.removeAttribute("aria-busy");
    popup.update();
  }).catch((err) => { list.replaceChildren(el("li", { text: `could not list them: ${err.message}` })); });
}

function typeClass(type) {
  return (type || "other").toLowerCase().replace(/[^a-z]+/g, "-");
}

// A marker is an SVG ring in a focusable element (Tab reaches it, Enter opens it): one slice per event type,
// sized by the count; colours come from classes in style.css (the CSP allows no inline style).
function markerIcon(p) {
  const cluster = p.count > 1;
  const size = cluster ? Math.round(Math.min(56, 22 + 7 * Math.log10(p.count) * 2)) : 16;
  const svg = document.createElementNS(SVG_NS, "svg");
  svg.setAttribute("viewBox", "-1 -1 2 2");
  svg.setAttribute("width", size); svg.setAttribute("height", size);
  const add = (tag, attrs) => {
    const node = document.createElementNS(SVG_NS, tag);
    for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
    svg.append(node);
    return node;
  };
  if (!cluster) {
    add("circle", { r: 0.8, class: `fill t-${typeClass(p.event_type)}` });
  } else {
    const entries = Object.entries(p.by_event_type || { [p.event_type]: p.count });
    let angle = -Math.PI / 2;
    for (const [type, n] of entries) {
      const sweep = 2 * Math.PI * n / p.count;
      if (entries.length === 1) add("circle", { r: 0.97, class: `fill t-${typeClass(type)}` });
      else {
        const [x0, y0, x1, y1] = [Math.cos(angle), Math.sin(angle), Math.cos(angle + sweep), Math.sin(angle + sweep)];
        add("path", { d: `M0,0 L${x0.toFixed(4)},${y0.toFixed(4)} A1,1 0 ${sweep > Math.PI ? 1 : 0} 1 ${x1.toFixed(4)},${y1.toFixed(4)} Z`, class: `fill t-${typeClass(type)}` });
      }
      angle += sweep;
    }
    add("circle", { r: 0.58, class: "hole" });
    const label = add("text", { class: "count", "text-anchor": "middle", "dominant-baseline": "central", "font-size": p.count >= 1000 ? 0.42 : 0.55 });
    label.textContent = p.count >= 10000 ? `${Math.round(p.count / 1000)}k` : fmt(p.count);
  }
  const box = document.createElement("div");
  box.append(svg);
  return L.divIcon({ html: box.innerHTML, className: `event-marker ${cluster ? "event-cluster" : "event-point"}`, iconSize: [size, size] });
}

function markerLabel(p) {
  if (p.count > 1) {
    return `${fmt(p.count)} events, ${fmt(p.fatalities)} fatalities: ` +
      Object.entries(p.by_event_type || {}).map(([t, n]) => `${fmt(n)} ${t}`).join(", ");
  }
  return `${p.sub_event_type}, ${p.location || p.country}, ${p.event_date}`;
}

async function drawMap() {
  const mine = ++request;
  document.body.dataset.asked = mine;
  const params = currentFilters();
  params.set("zoom", map.getZoom());
  const b = map.getBounds();
  const west = Math.max(-180, b.getWest()), east = Math.min(180, b.getEast());
  if (east - west < 360) params.set("bbox", [west, Math.max(-90, b.getSouth()), east, Math.min(90, b.getNorth())].map((v) => v.toFixed(4)).join(","));
  const data = await getJson("/api/clusters", params);
  if (mine !== request) return; // a newer view was asked for meanwhile
  points.clearLayers();
  for (const f of data.features) {
    const p = f.properties, [lon, lat] = f.geometry.coordinates, latlng = L.latLng(lat, lon);
    const marker = L.marker(latlng, { icon: markerIcon(p), keyboard: true, title: markerLabel(p), riseOnHover: true });
    const open = () => (p.count > 1 ? openCluster(p, latlng) : openEvent(p, latlng));
    marker.on("click", open);
    marker.on("keypress", (e) => { if (e.originalEvent.key === "Enter") open(); });
    if (p.count > 1) marker.on("dblclick", () => map.setView(latlng, Math.min(map.getMaxZoom(), map.getZoom() + 2)));
    marker.addTo(points);
    marker.getElement().setAttribute("aria-label", markerLabel(p));
  }
  document.body.dataset.points = data.features.length;
  document.body.dataset.drawn = mine;
}

async function drawSide() {
  const params = currentFilters();
  const spanDays = params.get("since") && params.get("until")
    ? (new Date(params.get("until")) - new Date(params.get("since"))) / 864e5 : Infinity;
  params.set("interval", spanDays <= 120 ? "day" : "week");
  const [stats, page] = await Promise.all([getJson("/api/stats", params), getJson("/api/events", currentFilters() + "&limit=50")]);
  document.getElementById("summary").textContent =
    `${stats.events} event(s), ${stats.fatalities} reported fatalities` +
    (stats.first_date ? `, ${stats.first_date} to ${stats.last_date}` : "");
  drawTimeline(stats);
  const body = document.querySelector("#event-list tbody");
  body.replaceChildren(...page.events.map((e) => {
    const row = document.createElement("tr");
    const cells = [e.event_date, e.sub_event_type, [e.location, e.country].filter(Boolean).join(", "), e.fatalities];
    cells.forEach((text, i) => {
      const td = document.createElement("td");
      if (i === 1) {
        const a = document.createElement("a");
        a.href = `/events/${e.id}`; a.textContent = text; a.className = "event-link";
        td.append(a);
      } else td.textContent = text ?? "";
      row.append(td);
    });
    return row;
  }));
}

function drawTimeline(stats) {
  const svg = document.getElementById("timeline");
  const width = svg.clientWidth || 500, height = 140, pad = 18;
  const periods = [...new Set(stats.timeline.map((t) => t.period))].sort();
  svg.replaceChildren();
  const ns = "http://www.w3.org/2000/svg";
  if (!periods.length) return;
  const totals = {};
  for (const t of stats.timeline) totals[t.period] = (totals[t.period] || 0) + t.count;
  const max = Math.max(...Object.values(totals));
  const barW = (width - 2 * pad) / periods.length;
  const stack = {};
  for (const t of stats.timeline) {
    const i = periods.indexOf(t.period), below = stack[t.period] || 0;
    const h = (height - 2 * pad) * t.count / max, y = height - pad - (height - 2 * pad) * below / max - h;
    stack[t.period] = below + t.count;
    const rect = document.createElementNS(ns, "rect");
    Object.entries({ x: pad + i * barW + 1, y, width: Math.max(1, barW - 2), height: h, fill: COLORS[t.event_type] || "#777" })
      .forEach(([k, v]) => rect.setAttribute(k, v));
    rect.classList.add("bar");
    const tip = document.createElementNS(ns, "title");
    tip.textContent = `${t.period}: ${t.count} ${t.event_type}`;
    rect.append(tip);
    svg.append(rect);
  }
  for (const [x, label] of [[pad, periods[0]], [width - pad, periods[periods.length - 1]]]) {
    const text = document.createElementNS(ns, "text");
    text.setAttribute("x", x); text.setAttribute("y", height - 4); text.setAttribute("font-size", 10);
    text.setAttribute("text-anchor", x === pad ? "start" : "end"); text.textContent = label;
    svg.append(text);
  }
  svg.dataset.periods = JSON.stringify(periods);
  svg.dataset.interval = stats.interval;
}

// Brushing: drag across the timeline to set the date filter.
(function brush() {
  const svg = document.getElementById("timeline");
  let startX = null, box = null;
  const periodAt = (x) => {
    const periods = JSON.parse(svg.dataset.periods || "[]"), pad = 18, width = svg.clientWidth;
    const i = Math.floor((x - pad) / ((width - 2 * pad) / periods.length));
    return periods[Math.max(0, Math.min(periods.length - 1, i))];
  };
  svg.addEventListener("mousedown", (e) => {
    startX = e.offsetX;
    box = document.createElementNS("http://www.w3.org/2000/svg", "rect");
    box.setAttribute("y", 0); box.setAttribute("height", 140); box.setAttribute("fill", "rgba(0,0,0,.15)");
    box.setAttribute("x", startX); box.setAttribute("width", 0);
    svg.append(box);
  });
  svg.addEventListener("mousemove", (e) => {
    if (startX === null) return;
    box.setAttribute("x", Math.min(startX, e.offsetX)); box.setAttribute("width", Math.abs(e.offsetX - startX));
  });
  svg.addEventListener("mouseup", (e) => {
    if (startX === null) return;
    const a = periodAt(Math.min(startX, e.offsetX)), b = periodAt(Math.max(startX, e.offsetX));
    startX = null;
    if (!a) return;
    const end = new Date(b);
    if (svg.dataset.interval === "week") end.setUTCDate(end.getUTCDate() + 6);
    form.elements.since.value = a;
    form.elements.until.value = end.toISOString().slice(0, 10);
    refresh();
  });
})();

async function loadOptions() {
  const o = await getJson("/api/options", "");
  const fill = (select, items) => items.forEach(([value, label]) => select.append(new Option(label, value)));
  fill(form.elements.country, o.countries.map((c) => [c.iso2, c.name]));
  fill(form.elements.event_type, o.event_types.map((t) => [t, t]));
  fill(form.elements.sub_event_type, o.sub_event_types.map((t) => [t, t]));
  document.getElementById("admin1-list").replaceChildren(...o.admin1.map((a) => new Option(a)));
  document.getElementById("actor-list").replaceChildren(...o.actors.map((a) => new Option(a)));
  document.getElementById("legend").replaceChildren(...Object.keys(COLORS).map((t) =>
    el("span", {}, el("i", { class: `swatch t-${typeClass(t)}` }), t)));
}

// The URL holds the whole view: the filters, the map's zoom/centre and the selected event, so a link shows what
// its sender saw.
function writeUrl() {
  const params = currentFilters();
  const c = map.getCenter();
  params.set("view", `${map.getZoom()}/${c.lat.toFixed(4)}/${c.lng.toFixed(4)}`);
  if (selectedEvent !== null) params.set("event", selectedEvent);
  history.replaceState(null, "", `?${params}`);
  // The event page's way back ("← sitroom") returns to this view (the referrer is not sent, by policy).
  try { sessionStorage.setItem("sitroom.view", location.search); } catch { /* storage off: the link goes home */ }
}

async function refresh() {
  writeUrl();
  document.body.dataset.loading = "1";
  try {
    await Promise.all([drawMap(), drawSide()]);
  } finally {
    delete document.body.dataset.loading;
  }
}

// The event a link names: its popup, opened where it happened.
async function selectEvent(id) {
  const response = await fetch(`/api/events/${id}`);
  if (!response.ok) return false;
  const e = await response.json();
  if (e.latitude === null) return true;
  openEvent({ ...e, count: 1 }, L.latLng(e.latitude, e.longitude));
  return true;
}

async function start() {
  const world = await (await fetch("/static/vendor/world-atlas/countries-50m.json")).json();
  L.geoJSON(topojson.feature(world, world.objects.countries), {
    style: { color: "#7a8a99", weight: 0.7, fillColor: "#f4f1ea", fillOpacity: 1 }, interactive: false,
  }).addTo(map);
  await loadOptions();
  readUrl();
  form.addEventListener("change", refresh);
  form.addEventListener("submit", (e) => { e.preventDefault(); refresh(); });
  form.addEventListener("reset", () => setTimeout(refresh, 0));
  const asked = new URLSearchParams(location.search);
  const view = /^(\d{1,2})\/(-?\d{1,2}(?:\.\d+)?)\/(-?\d{1,3}(?:\.\d+)?)$/.exec(asked.get("view") || "");
  const first = await getJson("/api/stats", currentFilters());
  if (view) {
    map.setView([Number(view[2]), Number(view[3])], Number(view[1]), { animate: false });
  } else if (first.events) {
    // Fit the map to the events on first load.
    const all = await getJson("/api/events", currentFilters() + "&limit=1000");
    const located = all.events.filter((e) => e.latitude !== null);
    if (located.length) map.fitBounds(L.latLngBounds(located.map((e) => [e.latitude, e.longitude])).pad(0.3), { maxZoom: 7, animate: false });
  }
  map.on("movestart", () => { document.body.dataset.moving = "1"; });
  map.on("moveend", () => { delete document.body.dataset.moving; writeUrl(); drawMap(); });
  await refresh();
  if (/^\d{1,18}$/.test(asked.get("event") || "")) await selectEvent(Number(asked.get("event")));
  document.body.dataset.ready = "1";
}

start().catch((err) => { document.getElementById("summary").textContent = `Error: ${err.message}`; throw err; });
