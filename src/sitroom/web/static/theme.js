// Light or dark: the system's choice (prefers-color-scheme) unless the reader picked one with the header's
// toggle, which this browser remembers (localStorage). Loaded in <head>, so a page never flashes the wrong theme.
"use strict";
(function theme() {
  const KEY = "sitroom.theme";
  const root = document.documentElement;
  const system = window.matchMedia("(prefers-color-scheme: dark)");
  let chosen = null;
  try { chosen = localStorage.getItem(KEY); } catch { /* storage off: follow the system */ }
  const current = () => root.dataset.theme || (system.matches ? "dark" : "light");
  const apply = (value) => {
    if (value === "dark" || value === "light") root.dataset.theme = value; else delete root.dataset.theme;
    document.dispatchEvent(new CustomEvent("themechange", { detail: current() }));
  };
  apply(chosen);
  system.addEventListener("change", () => { if (!root.dataset.theme) apply(null); });
  document.addEventListener("DOMContentLoaded", () => {
    const button = document.getElementById("theme-toggle");
    if (!button) return;
    const label = () => {
      const dark = current() === "dark";
      button.textContent = dark ? "☀ light" : "☾ dark";
      button.setAttribute("aria-pressed", String(dark));
      button.title = `switch to the ${dark ? "light" : "dark"} theme`;
    };
    label();
    button.addEventListener("click", () => {
      const next = current() === "dark" ? "light" : "dark";
      try { localStorage.setItem(KEY, next); } catch { /* storage off: this page only */ }
      apply(next);
      label();
    });
  });
})();
