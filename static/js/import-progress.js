// Progressive enhancement of the import progress page: without JavaScript the page
// reloads itself (<noscript> meta refresh); with it, the bar and counts update in place.
(function () {
  "use strict";
  var root = document.getElementById("import-job");
  if (!root || root.dataset.finished === "1") { return; }
  var url = root.dataset.statusUrl;
  var bar = root.querySelector(".import-bar");

  function set(field, value) {
    var el = root.querySelector('[data-field="' + field + '"]');
    if (el) { el.textContent = value; }
  }

  function poll() {
    fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.json() : Promise.reject(response.status); })
      .then(function (job) {
        bar.value = job.percent;
        ["percent", "rows_processed", "rows_total", "created", "updated", "unchanged", "rejected", "status_label"]
          .forEach(function (field) { set(field, job[field]); });
        if (job.status !== "queued" && job.status !== "running") {
          // Finished, or stopped for review: show the report (and the buttons) from the server.
          window.location.reload();
        } else {
          window.setTimeout(poll, 1000);
        }
      })
      .catch(function () { window.setTimeout(poll, 3000); });
  }
  window.setTimeout(poll, 500);
})();
