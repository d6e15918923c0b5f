// sitroom's map, timeline and filters. Everything comes from this server's /api; the URL keeps the filter.
"use strict";

const COLORS = {
  "Battles": "#d62728", "Explosions/Remote violence": "#ff7f0e", "Violence against civilians": "#9467bd",
  "Protests": "#2ca02c", "Riots": "#8c564b", "Strategic developments": "#1f77b4",
};
const FILTER_NAMES = ["since", "until", "country", "admin1", "event_type", "sub_event_type", "actor", "q"];
const form = document.getElementById("filters");
const map = L.map("map", { worldCopyJump: true, minZoom: 1, maxZoom: 14 }).setView([20, 20], 2);
map.attributionControl.addAttribution("Country outlines: Natural Earth via world-atlas; places: GeoNames");
const points = L.layerGroup().addTo(map);
let request = 0;

const hiddenTypes = new Set(); // event types toggled off in the legend

function currentFilters() {
  const params = new URLSearchParams();
  for (const name of FILTER_NAMES) {
    const value = form.elements[name].value.trim();
    if (value) params.set(name, value);
  }
  // Events under the export threshold are stored flagged low_confidence; the analyst asks for them.
  if (form.elements.doubtful.checked) params.set("min_confidence", "0");
  if (hiddenTypes.size) params.set("hide_types", [...hiddenTypes].sort().join(","));
  return params;
}

// Parameters a link may carry besides the filters.
const VIEW_NAMES = ["min_confidence", "view", "event", "follow", "hide_types"];
const VIEW_PATTERN = /^(\d{1,2})\/(-?\d{1,2}(?:\.\d+)?)\/(-?\d{1,3}(?:\.\d+)?)$/;

function isDay(value) {
  return /^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(dayMs(value)) && isoDay(dayMs(value)) === value;
}

// Reads the link into the form, checking every parameter against what this store holds. A value that cannot be
// applied is not dropped in silence: it is named in the banner, and the view says it is not applied.
function readUrl(options) {
  const params = new URLSearchParams(location.search);
  const problems = [];
  const known = new Set([...FILTER_NAMES, ...VIEW_NAMES]);
  for (const name of new Set(params.keys())) {
    if (!known.has(name)) problems.push(`"${name}" is not a parameter this map knows`);
  }
  const pick = (name, value) => { form.elements[name].value = value; };
  for (const name of FILTER_NAMES) pick(name, "");
  for (const name of ["since", "until"]) {
    const value = params.get(name);
    if (value === null || value === "") continue;
    if (isDay(value)) pick(name, value);
    else problems.push(`${name}: "${value}" is not a day (YYYY-MM-DD)`);
  }
  if (form.elements.since.value && form.elements.until.value && form.elements.since.value > form.elements.until.value) {
    problems.push(`since ${form.elements.since.value} is after until ${form.elements.until.value}`);
    pick("since", ""); pick("until", "");
  }
  const country = (params.get("country") || "").trim();
  if (country) {
    const lower = country.toLowerCase();
    const match = options.countries.find((c) => c.iso2.toLowerCase() === lower || c.name.toLowerCase() === lower);
    if (match) pick("country", match.iso2);
    else problems.push(`country: no events in "${country}" in this store`);
  }
  for (const [name, allowed] of [["event_type", options.event_types], ["sub_event_type", options.sub_event_types]]) {
    const value = (params.get(name) || "").trim();
    if (!value) continue;
    const match = allowed.find((t) => t.toLowerCase() === value.toLowerCase());
    if (match) pick(name, match);
    else problems.push(`${name.replaceAll("_", " ")}: "${value}" is not one this store has (${allowed.join(", ")})`);
  }
  for (const name of ["admin1", "actor", "q"]) pick(name, (params.get(name) || "").trim());
  const confidence = params.get("min_confidence");
  form.elements.doubtful.checked = confidence === "0";
  if (confidence !== null && confidence !== "0") problems.push(`min_confidence: "${confidence}" (the map offers 0, "doubtful too", or the default)`);
  const view = params.get("view");
  let mapView = null;
  if (view !== null) {
    const m = VIEW_PATTERN.exec(view);
    if (m && Number(m[1]) <= 18 && Math.abs(Number(m[2])) <= 90 && Math.abs(Number(m[3])) <= 180) mapView = m;
    else problems.push(`view: "${view}" is not zoom/latitude/longitude`);
  }
  hiddenTypes.clear();
  for (const type of (params.get("hide_types") || "").split(",").map((t) => t.trim()).filter(Boolean)) {
    const match = options.event_types.find((t) => t.toLowerCase() === type.toLowerCase()) || Object.keys(COLORS).find((t) => t.toLowerCase() === type.toLowerCase());
    if (match) hiddenTypes.add(match);
    else problems.push(`hide_types: "${type}" is not an event type`);
  }
  const follow = params.get("follow");
  document.getElementById("follow").checked = follow === "1";
  if (follow !== null && follow !== "1") problems.push(`follow: "${follow}" (1 makes the panel follow the map)`);
  const event = params.get("event");
  let eventId = null;
  if (event !== null) {
    if (/^[1-9]\d{0,17}$/.test(event)) eventId = Number(event);
    else problems.push(`event: "${event}" is not an event number`);
  }
  showProblems(problems);
  return { mapView, eventId };
}

function showProblems(problems) {
  const banner = document.getElementById("banner");
  if (!problems.length) { banner.hidden = true; return; }
  const close = el("button", { type: "button", class: "dismiss", "aria-label": "dismiss", text: "×" });
  close.addEventListener("click", () => { banner.hidden = true; });
  banner.replaceChildren(
    el("strong", { text: "This link asks for something this map cannot show; not applied:" }),
    el("ul", {}, ...problems.map((text) => el("li", { text }))), close);
  banner.hidden = false;
}

async function getJson(path, params) {
  const response = await fetch(`${path}?${params}`);
  if (!response.ok) {
    const text = await response.text();
    let detail = text;
    try { detail = JSON.parse(text).detail; } catch { /* not JSON: the text as it came */ }
    if (Array.isArray(detail)) detail = detail.map((d) => `${(d.loc || []).slice(-1)[0]}: ${d.msg}`).join("; ");
    throw new Error(`the server refused ${path}: ${detail}`);
  }
  return response.json();
}

const SVG_NS = "http://www.w3.org/2000/svg";
const GEO_PRECISION = { 1: "the town itself", 2: "near the town, or its district", 3: "only the province or country" };
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
const popup = L.popup({ maxWidth: Math.min(340, window.innerWidth - 80), autoPanPadding: [24, 24] });
let selectedEvent = null; // the event whose popup is open; kept in the URL as ?event=
popup.on("remove", () => { if (selectedEvent !== null) { selectedEvent = null; writeUrl(); } });

function eventPopup(p) {
  return el("div", { class: "popup-event" },
    el("b", { text: p.sub_event_type || "" }), ` · ${p.event_date || ""}`, el("br"),
    [p.location, p.admin1, p.country].filter(Boolean).join(", "), el("br"),
    `${p.actor1 || ""}${p.actor2 ? " vs " + p.actor2 : ""}`, el("br"),
    `fatalities: ${fmt(p.fatalities)}`, el("br"),
    el("small", { text: `place: ${GEO_PRECISION[p.geo_precision] || "unknown"} (geo precision ${p.geo_precision ?? "–"})` }), el("br"),
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

const DAY_MS = 864e5;
const isoDay = (ms) => new Date(ms).toISOString().slice(0, 10);
const dayMs = (iso) => Date.parse(`${iso}T00:00:00Z`);

// The timeline shows the overview: the same filters without the dates, so a brushed range stays in its context.
// With "only the map's area" ticked, the counts, the timeline, the table and the export follow the map's view.
function mapBbox() {
  const b = map.getBounds();
  const west = Math.max(-180, b.getWest()), east = Math.min(180, b.getEast());
  if (east - west >= 360) return null;
  return [west, Math.max(-90, b.getSouth()), east, Math.min(90, b.getNorth())].map((v) => v.toFixed(4)).join(",");
}

function panelFilters() {
  const params = currentFilters();
  const box = document.getElementById("follow").checked ? mapBbox() : null;
  if (box) params.set("bbox", box);
  return params;
}

async function overviewStats() {
  const params = panelFilters();
  params.delete("since"); params.delete("until");
  params.set("interval", "week");
  let stats = await getJson("/api/stats", params);
  if (stats.first_date && (dayMs(stats.last_date) - dayMs(stats.first_date)) / DAY_MS <= 120) {
    params.set("interval", "day");
    stats = await getJson("/api/stats", params);
  }
  return stats;
}

const PAGE_SIZE = 50;
// The table pages through the whole view in the order chosen, sorted by the server: the date order pages by a
// keyset cursor, the others by offset; next[i] is what fetches page i.
const table = { next: [null], page: 0, sort: "date", descending: true, events: [], total: 0 };
let sideRequest = 0;

async function drawSide({ keepPage = false } = {}) {
  const mine = ++sideRequest;
  if (!keepPage) { table.next = [null]; table.page = 0; }
  const filtered = currentFilters().has("since") || currentFilters().has("until");
  const [overview, stats, page] = await Promise.all([
    overviewStats(),
    filtered ? getJson("/api/stats", panelFilters()) : null,
    eventsPage(),
  ]);
  if (mine !== sideRequest) return; // a newer view was asked for meanwhile
  const shown = stats || overview;
  table.total = shown.events;
  const where = document.getElementById("follow").checked ? " in the map's area" : "";
  document.getElementById("summary").textContent = shown.events
    ? `${fmt(shown.events)} event${shown.events === 1 ? "" : "s"}${where}, ${fmt(shown.fatalities)} reported fatalities, ` +
      `${shown.first_date} to ${shown.last_date}`
    : `No events match these filters${where}.`;
  const unlocated = document.getElementById("unlocated");
  unlocated.hidden = !shown.unlocated;
  unlocated.textContent = shown.unlocated
    ? `${fmt(shown.unlocated)} of them ${shown.unlocated === 1 ? "has" : "have"} no coordinates and ${shown.unlocated === 1 ? "is" : "are"} not on the map.` : "";
  document.body.classList.toggle("no-match", !shown.events);
  const asked = [...currentFilters().keys()].some((k) => k !== "min_confidence") || document.getElementById("follow").checked;
  document.getElementById("empty").hidden = Boolean(shown.events);
  document.getElementById("empty-clear").hidden = !asked;
  document.getElementById("empty-text").textContent = asked ? "Nothing matches: widen the dates, the place or the types."
    : "This store holds no events yet: add articles with sitroom ingest.";
  drawTimeline(overview);
  drawLegend(shown.by_event_type);
  showPage(page);
  drawExport();
}

// The sort's parameters, shared by the table's pages and the download.
function sortParams(params) {
  if (table.sort !== "date") params.set("sort", table.sort);
  params.set("descending", String(table.descending));
  return params;
}

function eventsPage() {
  const params = sortParams(panelFilters());
  params.set("limit", PAGE_SIZE);
  const at = table.next[table.page];
  if (at !== null && at !== undefined) params.set(table.sort === "date" ? "cursor" : "offset", at);
  return getJson("/api/events", params);
}

function showPage(page) {
  table.events = page.events;
  table.next[table.page + 1] = table.sort === "date" ? page.next_cursor : page.next_offset;
  drawTable();
}

const COLUMNS = [
  ["date", "date"], ["type", "type"], ["actors", "actors"], ["place", "place"], ["fatalities", "deaths"],
];

// An actor, a province or a country in the table is a filter: a click puts it in the form and redraws the view
// (a country the form's list lacks is left alone rather than set to "all").
function filterBy(name, value) {
  const field = document.getElementById("filters").elements[name];
  if (!field || !value) return;
  field.value = value;
  if (field.value !== value) return;
  field.dispatchEvent(new Event("change", { bubbles: true })); // as if typed: the form's listeners redraw
}

function filterButton(name, value, label = value) {
  const button = el("button", { type: "button", class: "cell-filter", "data-filter": name, text: label,
    title: `show only ${name === "admin1" ? "this admin1 area" : `this ${name}`}: ${label}` });
  button.addEventListener("click", () => filterBy(name, value));
  return button;
}

function joined(parts, separator) {
  return parts.flatMap((part, i) => (i ? [separator, part] : [part]));
}

const actorCells = (e) => joined([e.actor1, e.actor2].filter(Boolean).map((a) => filterButton("actor", a)), " vs ");
const placeCells = (e) => joined([
  ...(e.location && e.location !== e.admin1 ? [e.location] : []),
  ...(e.admin1 ? [filterButton("admin1", e.admin1)] : []),
  ...(e.country ? [e.country_iso2 ? filterButton("country", e.country_iso2, e.country) : e.country] : []),
], ", ");

function drawTable() {
  const { events, page, total, sort, descending } = table;
  const head = document.querySelector("#event-list thead tr");
  head.replaceChildren(...COLUMNS.map(([key, label]) => {
    const active = key === sort;
    const button = el("button", { type: "button", class: "sort", text: label + (active ? (descending ? " ▼" : " ▲") : ""),
      title: `sort by ${label}` });
    button.addEventListener("click", () => sortBy(key));
    return el("th", { "data-sort": key, "aria-sort": active ? (descending ? "descending" : "ascending") : "none" }, button);
  }));
  const body = document.querySelector("#event-list tbody");
  body.replaceChildren(...events.map((e) => el("tr", {},
    el("td", { text: e.event_date || "" }),
    el("td", {}, el("a", { class: "event-link", href: `/events/${e.id}`, text: e.sub_event_type || "" })),
    el("td", { class: "actors" }, ...actorCells(e)),
    el("td", { class: "place" }, ...placeCells(e)),
    el("td", { class: "number", text: fmt(e.fatalities) }))));
  const first = page * PAGE_SIZE + (events.length ? 1 : 0), last = page * PAGE_SIZE + events.length;
  document.getElementById("table-count").textContent = total
    ? `${fmt(first)}–${fmt(last)} of ${fmt(total)}` : "none";
  const more = table.next[page + 1];
  document.getElementById("newer").disabled = page === 0;
  document.getElementById("older").disabled = more === null || more === undefined;
}

// Every column sorts the whole list on the server: a first click sorts dates and deaths down, texts up; a second
// click on the same column turns the order round.
function sortBy(key) {
  table.descending = key === table.sort ? !table.descending : key === "date" || key === "fatalities";
  table.sort = key;
  table.next = [null];
  table.page = 0;
  drawExport();
  document.body.dataset.loading = "1";
  eventsPage().then(showPage).catch((err) => showProblems([err.message]))
    .finally(() => { delete document.body.dataset.loading; });
}

async function turnPage(step) {
  const next = table.page + step;
  if (next < 0 || (step > 0 && (table.next[next] === null || table.next[next] === undefined))) return;
  table.page = next;
  showPage(await eventsPage());
}

// The export links download what the panel shows (filters, the map's area when followed, the table's order), as
// CSV (ACLED's columns) or GeoJSON: every event of it, streamed by /api/export.
function drawExport() {
  const params = sortParams(panelFilters());
  for (const format of ["csv", "geojson"]) {
    params.set("format", format);
    document.getElementById(`export-${format}`).setAttribute("href", `/api/export?${params}`);
  }
  document.getElementById("export-note").textContent = `all ${fmt(table.total)} event${table.total === 1 ? "" : "s"}`;
}

// --- the timeline: true time (every period from the first to the last, empty ones as zero), stacked events per
// type against a count axis, fatalities as a line against their own axis, date ticks; drag, touch or keys to brush.
const TL = { height: 176, left: 44, right: 40, top: 22, bottom: 24 };
let timeline = { periods: [], stepDays: 7 };

function niceMax(value) {
  if (value <= 0) return 1;
  const magnitude = 10 ** Math.floor(Math.log10(value));
  return [1, 2, 2.5, 5, 10].map((m) => m * magnitude).find((m) => m >= value);
}

function svgNode(tag, attrs, text) {
  const node = document.createElementNS(SVG_NS, tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  if (text !== undefined) node.textContent = text;
  return node;
}

// Date ticks on month starts, every 1, 2, 3, 6 or 12 months (or on Mondays for a span under two months).
function dateTicks(firstMs, lastMs, maxTicks) {
  const months = (lastMs - firstMs) / (30.4 * DAY_MS);
  if (months < 2) {
    const every = Math.max(7, Math.ceil((lastMs - firstMs) / DAY_MS / maxTicks / 7) * 7);
    const ticks = [];
    const first = new Date(firstMs), offset = (8 - first.getUTCDay()) % 7; // the first Monday
    for (let t = firstMs + offset * DAY_MS; t <= lastMs; t += every * DAY_MS) ticks.push([t, isoDay(t).slice(5)]);
    return ticks;
  }
  const step = [1, 2, 3, 6, 12, 24, 60].find((s) => months / s <= maxTicks) || 120;
  const ticks = [];
  const d = new Date(firstMs);
  let y = d.getUTCFullYear(), m = d.getUTCMonth() + 1;
  if (m > 11) { m = 0; y += 1; }
  while (m % step !== 0 && step <= 12) { m += 1; if (m > 11) { m = 0; y += 1; } }
  for (let t = Date.UTC(y, m, 1); t <= lastMs; m += step, t = Date.UTC(y, m, 1)) {
    const at = new Date(t);
    const label = at.getUTCMonth() === 0 || step >= 12 ? String(at.getUTCFullYear())
      : at.toLocaleString("en", { month: "short", timeZone: "UTC" });
    ticks.push([t, label]);
  }
  return ticks;
}

function drawTimeline(stats) {
  const svg = document.getElementById("timeline");
  const width = svg.clientWidth || 500, { height, left, right, top, bottom } = TL;
  svg.setAttribute("viewBox", `0 0 ${width} ${height}`);
  svg.setAttribute("height", height);
  svg.replaceChildren();
  const stepDays = stats.interval === "day" ? 1 : 7;
  const named = [...new Set(stats.timeline.map((t) => t.period))].sort();
  timeline = { periods: [], stepDays, width };
  svg.dataset.periods = "[]";
  if (!named.length) {
    svg.append(svgNode("text", { x: width / 2, y: height / 2, "text-anchor": "middle", class: "empty" }, "no events to draw"));
    return;
  }
  const firstMs = dayMs(named[0]), lastMs = dayMs(named[named.length - 1]);
  const periods = [];
  for (let t = firstMs; t <= lastMs; t += stepDays * DAY_MS) periods.push(isoDay(t));
  const index = new Map(periods.map((p, i) => [p, i]));
  const totals = periods.map(() => 0), deaths = periods.map(() => 0);
  for (const t of stats.timeline) { totals[index.get(t.period)] += t.count; deaths[index.get(t.period)] += t.fatalities || 0; }
  const maxCount = niceMax(Math.max(...totals)), maxDeaths = niceMax(Math.max(...deaths));
  const plotW = width - left - right, plotH = height - top - bottom, barW = plotW / periods.length;
  const y = (n, max) => top + plotH * (1 - n / max);
  timeline = { periods, stepDays, width, barW };

  // count axis (left) and fatalities axis (right), with grid lines
  for (const n of [0, maxCount / 2, maxCount]) {
    svg.append(svgNode("line", { x1: left, x2: width - right, y1: y(n, maxCount), y2: y(n, maxCount), class: "grid" }));
    svg.append(svgNode("text", { x: left - 4, y: y(n, maxCount) + 3, "text-anchor": "end", class: "tick count-tick" }, fmt(n)));
  }
  svg.append(svgNode("text", { x: 2, y: 10, class: "tick axis-name" }, "events"));
  if (deaths.some((d) => d > 0)) {
    for (const n of [0, maxDeaths]) {
      svg.append(svgNode("text", { x: width - right + 4, y: y(n, maxDeaths) + 3, class: "tick deaths-tick" }, fmt(n)));
    }
    svg.append(svgNode("text", { x: width - 2, y: 10, "text-anchor": "end", class: "tick axis-name deaths-tick" }, "deaths"));
  }
  // stacked bars
  const stack = periods.map(() => 0);
  for (const t of stats.timeline) {
    const i = index.get(t.period), below = stack[i];
    stack[i] += t.count;
    const rect = svgNode("rect", {
      x: left + i * barW + (barW > 4 ? 0.5 : 0), width: Math.max(1, barW - (barW > 4 ? 1 : 0)),
      y: y(below + t.count, maxCount), height: plotH * t.count / maxCount, class: `bar fill t-${typeClass(t.event_type)}`,
    });
    rect.append(svgNode("title", {}, `${stepDays === 7 ? "week of " : ""}${t.period}: ${fmt(t.count)} ${t.event_type}`));
    svg.append(rect);
  }
  // fatalities per period, as a line over the bars
  if (deaths.some((d) => d > 0)) {
    const line = deaths.map((d, i) => `${(left + (i + 0.5) * barW).toFixed(1)},${y(d, maxDeaths).toFixed(1)}`).join(" ");
    svg.append(svgNode("polyline", { points: line, class: "deaths-line" }));
  }
  // the time axis
  svg.append(svgNode("line", { x1: left, x2: width - right, y1: top + plotH, y2: top + plotH, class: "axis" }));
  const xAt = (ms) => left + ((ms - firstMs) / DAY_MS / stepDays) * barW;
  for (const [ms, label] of dateTicks(firstMs, lastMs + (stepDays - 1) * DAY_MS, Math.max(3, Math.floor(plotW / 70)))) {
    const x = xAt(ms);
    svg.append(svgNode("line", { x1: x, x2: x, y1: top + plotH, y2: top + plotH + 4, class: "axis" }));
    svg.append(svgNode("text", { x, y: height - 6, "text-anchor": "middle", class: "tick date-tick" }, label));
  }
  drawSelection();
  svg.dataset.periods = JSON.stringify(periods);
  svg.dataset.interval = stats.interval;
  svg.setAttribute("aria-label", `events per ${stepDays === 7 ? "week" : "day"} from ${periods[0]} to ` +
    `${periods[periods.length - 1]}, up to ${fmt(Math.max(...totals))}; arrow keys move the selected dates, ` +
    "shift and arrows stretch them, Escape clears them");
}

// The dates chosen (the since/until filters) as a window over the overview; everything else stays visible.
function selectedRange() {
  const { periods, stepDays } = timeline;
  if (!periods.length) return null;
  const since = form.elements.since.value, until = form.elements.until.value;
  if (!since && !until) return null;
  const at = (iso) => Math.floor((dayMs(iso) - dayMs(periods[0])) / DAY_MS / stepDays);
  const a = since ? Math.max(0, at(since)) : 0, b = until ? Math.min(periods.length - 1, at(until)) : periods.length - 1;
  return [a, b];
}

function drawSelection() {
  const svg = document.getElementById("timeline");
  svg.querySelectorAll(".brush, .outside").forEach((n) => n.remove());
  const range = selectedRange();
  if (!range) return;
  const { left, top, bottom, height } = { ...TL }, { barW, width } = timeline;
  const x0 = left + range[0] * barW, x1 = left + (range[1] + 1) * barW;
  svg.append(svgNode("rect", { x: left, y: top, width: Math.max(0, x0 - left), height: height - top - bottom, class: "outside" }));
  svg.append(svgNode("rect", { x: x1, y: top, width: Math.max(0, width - TL.right - x1), height: height - top - bottom, class: "outside" }));
  svg.append(svgNode("rect", { x: x0, y: top, width: Math.max(1, x1 - x0), height: height - top - bottom, class: "brush" }));
}

function choosePeriods(a, b) {
  const { periods, stepDays } = timeline;
  if (!periods.length) return;
  [a, b] = [Math.max(0, Math.min(a, b)), Math.min(periods.length - 1, Math.max(a, b))];
  form.elements.since.value = periods[a];
  form.elements.until.value = isoDay(dayMs(periods[b]) + (stepDays - 1) * DAY_MS);
  refresh();
}

// Brushing with a mouse, a pen or a finger (pointer events), and with the keyboard.
(function brush() {
  const svg = document.getElementById("timeline");
  let startX = null, box = null;
  const periodAt = (x) => Math.floor((x - TL.left) / timeline.barW);
  const localX = (e) => e.clientX - svg.getBoundingClientRect().left;
  svg.addEventListener("pointerdown", (e) => {
    if (!timeline.periods.length) return;
    startX = localX(e);
    svg.setPointerCapture(e.pointerId);
    box = svgNode("rect", { x: startX, y: TL.top, width: 0, height: TL.height - TL.top - TL.bottom, class: "brush dragging" });
    svg.append(box);
  });
  svg.addEventListener("pointermove", (e) => {
    if (startX === null) return;
    const x = localX(e);
    box.setAttribute("x", Math.min(startX, x)); box.setAttribute("width", Math.abs(x - startX));
  });
  const end = (e) => {
    if (startX === null) return;
    const x = localX(e), from = startX;
    startX = null;
    box.remove();
    choosePeriods(periodAt(Math.min(from, x)), periodAt(Math.max(from, x)));
  };
  svg.addEventListener("pointerup", end);
  svg.addEventListener("pointercancel", () => { startX = null; box?.remove(); });
  svg.addEventListener("keydown", (e) => {
    const last = timeline.periods.length - 1;
    if (last < 0) return;
    const [a, b] = selectedRange() || [last + 1, last + 1];
    if (e.key === "Escape") {
      form.elements.since.value = ""; form.elements.until.value = "";
      refresh();
    } else if (e.key === "ArrowLeft" || e.key === "ArrowRight") {
      const d = e.key === "ArrowLeft" ? -1 : 1;
      if (a > last) choosePeriods(last, last);
      else if (e.shiftKey) choosePeriods(d < 0 ? Math.max(0, a - 1) : a, d > 0 ? Math.min(last, b + 1) : b); // stretch
      else if (a + d >= 0 && b + d <= last) choosePeriods(a + d, b + d);
    } else if (e.key === "Home" || e.key === "End") {
      const span = Math.min(b, last) - Math.min(a, last);
      if (e.key === "Home") choosePeriods(0, span); else choosePeriods(last - span, last);
    } else return;
    e.preventDefault();
  });
})();

let options = null; // what the filter menus offer, for checking a link's values

async function loadOptions() {
  const o = await getJson("/api/options", "");
  options = o;
  const fill = (select, items) => items.forEach(([value, label]) => select.append(new Option(label, value)));
  fill(form.elements.country, o.countries.map((c) => [c.iso2, c.name]));
  fill(form.elements.event_type, o.event_types.map((t) => [t, t]));
  fill(form.elements.sub_event_type, o.sub_event_types.map((t) => [t, t]));
  document.getElementById("admin1-list").replaceChildren(...o.admin1.map((a) => new Option(a)));
  document.getElementById("actor-list").replaceChildren(...o.actors.map((a) => new Option(a)));
}

// The legend: one button per event type, with its count; a click hides or shows the type everywhere.
function drawLegend(counts) {
  document.getElementById("legend").replaceChildren(...Object.keys(COLORS).map((t) => {
    const button = el("button", { type: "button", class: "legend-type", "aria-pressed": String(!hiddenTypes.has(t)),
      title: hiddenTypes.has(t) ? `show ${t}` : `hide ${t}` },
    el("i", { class: `swatch t-${typeClass(t)}` }), t, hiddenTypes.has(t) ? null : el("small", { text: ` ${fmt(counts[t] || 0)}` }));
    button.addEventListener("click", () => {
      if (hiddenTypes.has(t)) hiddenTypes.delete(t); else hiddenTypes.add(t);
      refresh();
    });
    return button;
  }));
}

// The URL holds the whole view: the filters, the map's zoom/centre and the selected event, so a link shows what
// its sender saw.
function writeUrl() {
  const params = currentFilters();
  const c = map.getCenter();
  params.set("view", `${map.getZoom()}/${c.lat.toFixed(4)}/${c.lng.toFixed(4)}`);
  if (selectedEvent !== null) params.set("event", selectedEvent);
  if (document.getElementById("follow").checked) params.set("follow", "1");
  history.replaceState(null, "", `?${params}`);
  const report = document.getElementById("report-link");
  if (report) report.href = `/report${location.search}`; // the report of this very filter
  // The event page's way back ("← sitroom") returns to this view (the referrer is not sent, by policy).
  try { sessionStorage.setItem("sitroom.view", location.search); } catch { /* storage off: the link goes home */ }
}

// The panel alone, after a map move while it follows the map.
async function refreshSide() {
  document.body.dataset.loading = "1";
  try {
    await drawSide();
  } catch (err) {
    showProblems([err.message]);
  } finally {
    delete document.body.dataset.loading;
  }
}

async function refresh() {
  writeUrl();
  document.body.dataset.loading = "1";
  try {
    await Promise.all([drawMap(), drawSide()]);
  } catch (err) {
    showProblems([err.message]);
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

// The country outlines, on a canvas (a few thousand polygons: SVG paths would take much of the first view's time).
// Natural Earth at 1:110m for a continent or the world (an eighth of the points), at 1:50m from zoom 4 on, each
// read the first time it is needed. Leaflet projects every point of every outline at each new zoom: the coarse
// outlines keep the world view quick.
const OUTLINES = { coarse: "/static/vendor/world-atlas/countries-110m.json", fine: "/static/vendor/world-atlas/countries-50m.json" };
const FINE_FROM_ZOOM = 4;
const outlines = {}; // scale -> the outlines as GeoJSON, once read
let basemap = { layer: null, scale: null };
const outlineCanvas = L.canvas({ padding: 0.5 }); // one canvas for both scales

function readOutlines(scale) {
  outlines[scale] = outlines[scale] || fetch(OUTLINES[scale]).then((r) => r.json())
    .then((world) => topojson.feature(world, world.objects.countries));
  return outlines[scale];
}

// The canvas takes no CSS: its colours come from the theme's variables, read again when the theme changes.
function basemapStyle() {
  const css = getComputedStyle(document.body); // the body: body.printing sets the printed colours
  const color = (name) => css.getPropertyValue(name).trim();
  return { color: color("--border"), weight: 0.7, fillColor: color("--land"), fillOpacity: 1 };
}

async function drawBasemap() {
  const scale = map.getZoom() >= FINE_FROM_ZOOM ? "fine" : "coarse";
  if (scale === basemap.scale) return;
  basemap.scale = scale;
  const countries = await readOutlines(scale);
  if (scale !== basemap.scale) return; // the map was zoomed across the threshold meanwhile
  const layer = L.geoJSON(countries, { style: basemapStyle(), interactive: false, renderer: outlineCanvas });
  layer.addTo(map);
  if (basemap.layer) basemap.layer.remove(); // after the new one is drawn: no blank moment
  basemap.layer = layer;
}

document.addEventListener("themechange", () => basemap.layer?.setStyle(basemapStyle()));
// Printing: the print layout (style.css) gives the map another size; the map redraws at it, and back after.
for (const [event, on] of [["beforeprint", true], ["afterprint", false]]) {
  window.addEventListener(event, () => {
    document.body.classList.toggle("printing", on);
    map.invalidateSize({ pan: false });
    basemap.layer?.setStyle(basemapStyle());
  });
}

// Place names (GeoNames towns of the store's countries, the store's admin1 areas), in their own pane above the
// outlines and below the markers; they take no clicks and no keyboard focus.
map.createPane("labels").style.zIndex = 450;
const labels = L.layerGroup().addTo(map);
let labelRequest = 0;

async function drawLabels() {
  const mine = ++labelRequest;
  const params = new URLSearchParams({ zoom: map.getZoom() });
  const box = mapBbox();
  if (box) params.set("bbox", box);
  const places = await getJson("/api/places", params);
  if (mine !== labelRequest) return;
  labels.clearLayers();
  for (const p of places) {
    const icon = L.divIcon({ className: `place-label ${p.kind}`, iconSize: null,
      html: el("span", { text: p.name, title: p.kind === "admin1" ? `${p.name} (admin1 area)` : p.name }) });
    L.marker([p.latitude, p.longitude], { icon, pane: "labels", interactive: false, keyboard: false }).addTo(labels);
  }
  document.body.dataset.labels = places.length;
}

// Alert badges: a place (an admin1 area or a country) with an alert in the store's newest week carries a badge
// above the markers; it opens the flags, with the situation report of that place. Worked out by the server in
// the background (slow on a large store): asked for again until ready.
map.createPane("alerts").style.zIndex = 650;
const alertLayer = L.layerGroup().addTo(map);
const ALERT_KINDS = { surge: "surge", new_actor: "new actor", first_of_type: "first of its kind", territory: "territory changed hands" };
let alertBadges = null;

async function loadAlerts(tries = 40) {
  const answer = await getJson("/api/alerts/map", "");
  if (!answer.ready) {
    if (tries > 0) setTimeout(() => loadAlerts(tries - 1).catch(() => {}), 3000);
    return;
  }
  alertBadges = answer;
  drawAlerts();
}

function drawAlerts() {
  alertLayer.clearLayers();
  if (!alertBadges) return;
  const iso2 = form.elements.country.value;
  const country = iso2 ? (options.countries.find((c) => c.iso2 === iso2) || {}).name : "";
  const shown = alertBadges.badges.filter((b) => !country || b.country === country);
  for (const b of shown) {
    const where = [b.admin1, b.country].filter(Boolean).join(", ");
    const kinds = [...new Set(b.flags.map((f) => ALERT_KINDS[f.kind] || f.kind))];
    const label = `alert in ${where}: ${kinds.join(", ")}`;
    // up and to the right of the place, so that the cluster drawn on the same point stays clickable
    const icon = L.divIcon({ className: "alert-badge", iconSize: [22, 22], iconAnchor: [-12, 34], html: el("span", { text: `!${b.flags.length > 1 ? b.flags.length : ""}` }) });
    const marker = L.marker([b.latitude, b.longitude], { icon, pane: "alerts", keyboard: true, title: label }).addTo(alertLayer);
    marker.getElement().setAttribute("aria-label", label);
    const open = () => {
      const report = new URLSearchParams();
      if (b.country) report.set("country", b.country);
      if (b.admin1) report.set("admin1", b.admin1);
      popup.setLatLng([b.latitude, b.longitude]).setContent(el("div", { class: "popup-alert" },
        el("b", { text: `Alert: ${where}` }), el("small", { text: ` (${alertBadges.period ? `${alertBadges.period.since} to ${alertBadges.period.until}` : "newest week"})` }),
        el("ul", {}, ...b.flags.map((f) => el("li", { text: `${ALERT_KINDS[f.kind] || f.kind}${f.level ? ` (${f.level})` : ""}` }))),
        el("a", { href: `/report?${report}`, text: `situation report of ${where} →` }))).openOn(map);
    };
    marker.on("click", open);
    marker.on("keypress", (e) => { if (e.originalEvent.key === "Enter") open(); });
  }
  document.body.dataset.alerts = shown.length;
}

async function start() {
  await loadOptions();
  const { mapView, eventId } = readUrl(options);
  form.addEventListener("change", refresh);
  form.addEventListener("submit", (e) => { e.preventDefault(); refresh(); });
  form.addEventListener("reset", () => setTimeout(refresh, 0));
  // On a phone the filters are a drawer over the map.
  const toggle = document.getElementById("filters-toggle");
  const drawer = (open) => {
    document.body.classList.toggle("filters-open", open);
    toggle.setAttribute("aria-expanded", String(open));
    if (!open) map.invalidateSize();
  };
  toggle.addEventListener("click", () => drawer(!document.body.classList.contains("filters-open")));
  document.getElementById("filters-done").addEventListener("click", () => drawer(false));
  const first = await getJson("/api/stats", currentFilters());
  if (mapView) {
    map.setView([Number(mapView[2]), Number(mapView[3])], Number(mapView[1]), { animate: false });
  } else if (first.bounds) {
    // Fit the map to the events on first load.
    const [west, south, east, north] = first.bounds;
    map.fitBounds(L.latLngBounds([south, west], [north, east]).pad(0.1), { maxZoom: 7, animate: false });
  }
  map.on("movestart", () => { document.body.dataset.moving = "1"; });
  map.on("moveend", () => {
    delete document.body.dataset.moving;
    writeUrl();
    drawMap();
    drawLabels().catch((err) => showProblems([err.message]));
    if (document.getElementById("follow").checked) refreshSide();
  });
  document.getElementById("follow").addEventListener("change", () => { writeUrl(); refreshSide(); });
  document.getElementById("empty-clear").addEventListener("click", () => {
    form.reset();
    hiddenTypes.clear();
    document.getElementById("follow").checked = false;
  });
  document.getElementById("older").addEventListener("click", () => turnPage(1).catch((err) => showProblems([err.message])));
  document.getElementById("newer").addEventListener("click", () => turnPage(-1).catch((err) => showProblems([err.message])));
  await Promise.all([refresh(), drawLabels(), drawBasemap()]);
  map.on("zoomend", () => { drawBasemap().catch((err) => showProblems([err.message])); });
  loadAlerts().catch((err) => showProblems([err.message]));
  form.addEventListener("change", drawAlerts);
  if (eventId !== null && !(await selectEvent(eventId))) showProblems([`event: there is no event ${eventId} in this store`]);
  document.body.dataset.ready = "1";
}

start().catch((err) => { showProblems([err.message]); document.getElementById("summary").textContent = "Error"; throw err; });
