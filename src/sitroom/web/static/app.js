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

function popupHtml(p) {
  if (p.count > 1) {
    const types = Object.entries(p.by_event_type || {}).map(([t, n]) => `${t}: ${n}`).join("<br>");
    return `<b>${p.count} events</b><br>${types}<br><i>zoom in to see them</i>`;
  }
  const esc = (s) => String(s ?? "").replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" }[c]));
  return `<b>${esc(p.sub_event_type)}</b> · ${esc(p.event_date)}<br>${esc(p.location)}, ${esc(p.country)}<br>` +
    `${esc(p.actor1)}${p.actor2 ? " vs " + esc(p.actor2) : ""}<br>fatalities: ${esc(p.fatalities)}<br>` +
    `<a class="event-link" href="/events/${p.id}">evidence →</a>`;
}

async function drawMap() {
  const mine = ++request;
  const params = currentFilters();
  params.set("zoom", map.getZoom());
  const b = map.getBounds();
  const west = Math.max(-180, b.getWest()), east = Math.min(180, b.getEast());
  if (east - west < 360) params.set("bbox", [west, Math.max(-90, b.getSouth()), east, Math.min(90, b.getNorth())].map((v) => v.toFixed(4)).join(","));
  const data = await getJson("/api/clusters", params);
  if (mine !== request) return; // a newer view was asked for meanwhile
  points.clearLayers();
  for (const f of data.features) {
    const p = f.properties, [lon, lat] = f.geometry.coordinates;
    const marker = L.circleMarker([lat, lon], {
      radius: p.count > 1 ? Math.min(26, 7 + 4 * Math.log2(p.count)) : 7,
      color: "#222", weight: 1, fillColor: COLORS[p.event_type] || "#777", fillOpacity: 0.85,
      className: p.count > 1 ? "event-cluster" : "event-point",
    });
    marker.bindPopup(popupHtml(p));
    if (p.count > 1) marker.bindTooltip(String(p.count), { permanent: true, direction: "center", className: "cluster-count" });
    if (p.count > 1) marker.on("dblclick", () => map.setView([lat, lon], map.getZoom() + 2));
    marker.addTo(points);
  }
  document.body.dataset.points = data.features.length;
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
  document.getElementById("legend").replaceChildren(...Object.entries(COLORS).map(([t, c]) => {
    const span = document.createElement("span"), swatch = document.createElement("i");
    swatch.style.background = c; // a style property, not an inline style attribute: the CSP allows no inline style
    span.append(swatch, t);
    return span;
  }));
}

async function refresh() {
  const params = currentFilters();
  history.replaceState(null, "", params.toString() ? `?${params}` : location.pathname);
  document.getElementById("report-link").href = `/report${location.search}`; // the report of this very filter
  document.body.dataset.loading = "1";
  try {
    await Promise.all([drawMap(), drawSide()]);
  } finally {
    delete document.body.dataset.loading;
  }
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
  map.on("moveend", drawMap);
  const first = await getJson("/api/stats", currentFilters());
  if (first.events) {
    // Fit the map to the events on first load.
    const all = await getJson("/api/events", currentFilters() + "&limit=1000");
    const located = all.events.filter((e) => e.latitude !== null);
    if (located.length) map.fitBounds(L.latLngBounds(located.map((e) => [e.latitude, e.longitude])).pad(0.3), { maxZoom: 7, animate: false });
  }
  await refresh();
  document.body.dataset.ready = "1";
}

start().catch((err) => { document.getElementById("summary").textContent = `Error: ${err.message}`; throw err; });
