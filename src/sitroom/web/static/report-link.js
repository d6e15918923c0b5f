// The "situation report" link opens the report for the filter the page shows: app.js keeps the filter in the
// address (the same parameter names /report reads), so the link takes the address's query when it is followed.
"use strict";
document.getElementById("report-link").addEventListener("click", (event) => {
  event.currentTarget.href = `/report${location.search}`;
});
