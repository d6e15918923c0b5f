// The event page's field toggles: untick a field to hide its evidence marks.
"use strict";
for (const box of document.querySelectorAll("[data-toggle]")) {
  box.addEventListener("change", () => document.body.classList.toggle("hide-" + box.dataset.toggle, !box.checked));
}

// "← sitroom" returns to the map as it was left (filters, view, selected event); the map keeps it in this tab's
// session storage, as the referrer is not sent (Referrer-Policy: no-referrer).
let mapView = null;
try { mapView = sessionStorage.getItem("sitroom.view"); } catch { /* storage off: the link goes home */ }
if (mapView && mapView.startsWith("?")) {
  for (const back of document.querySelectorAll('a[href="/"]')) back.setAttribute("href", "/" + mapView);
}
