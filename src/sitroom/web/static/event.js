// The event page's field toggles: untick a field to hide its evidence marks.
"use strict";
for (const box of document.querySelectorAll("[data-toggle]")) {
  box.addEventListener("change", () => document.body.classList.toggle("hide-" + box.dataset.toggle, !box.checked));
}
