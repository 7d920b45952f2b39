// Slipway's pages work without this script; with it, times show in the reader's time zone and the live parts of a
// page (data-live="<url>") are fetched again every two seconds, so changes from chat, the console or another
// replica show without a reload.
(function () {
  "use strict";
  var EVERY_MS = 2000;

  function localTimes(root) {
    root.querySelectorAll("time[datetime]").forEach(function (el) {
      var at = new Date(el.getAttribute("datetime"));
      if (!isNaN(at.getTime())) {
        el.textContent = at.toLocaleString();
        el.title = el.getAttribute("datetime");
      }
    });
  }

  function follow(region) {
    var url = region.getAttribute("data-live");
    var last = region.innerHTML;
    function refresh() {
      // Someone typing in a form of this region keeps what they typed.
      if (region.contains(document.activeElement) && document.activeElement.tagName === "INPUT") {
        return schedule();
      }
      fetch(url, { credentials: "same-origin", headers: { "Accept": "text/html" } })
        .then(function (answer) {
          if (answer.status === 401) {
            window.location.assign("/login");
            return null;
          }
          return answer.ok ? answer.text() : null;
        })
        .then(function (html) {
          if (html !== null && html !== last) {
            last = html;
            region.innerHTML = html;
            localTimes(region);
            region.setAttribute("data-refreshed", String(Date.now()));
          }
        })
        .catch(function () { /* the next round tries again */ })
        .finally(schedule);
    }
    function schedule() {
      window.setTimeout(refresh, EVERY_MS);
    }
    schedule();
  }

  document.addEventListener("DOMContentLoaded", function () {
    localTimes(document);
    document.querySelectorAll("[data-live]").forEach(follow);
  });
})();
