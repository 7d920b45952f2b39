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

  // A field of a form in the region, named by where its form goes (action and hidden fields) and its own name.
  function fieldKey(input) {
    var hidden = input.form ? input.form.querySelectorAll("input[type=hidden]:not([name=csrf])") : [];
    var where = Array.prototype.map.call(hidden, function (h) { return h.name + "=" + h.value; });
    return (input.form ? input.form.getAttribute("action") : "") + "?" + where.join("&") + "#" + input.name;
  }

  // What someone typed in the region's forms and has not sent yet.
  function typed(region) {
    var kept = {};
    region.querySelectorAll("input:not([type=hidden])").forEach(function (input) {
      if (input.value !== input.defaultValue) {
        kept[fieldKey(input)] = input.value;
      }
    });
    return kept;
  }

  function restore(region, kept) {
    region.querySelectorAll("input:not([type=hidden])").forEach(function (input) {
      var key = fieldKey(input);
      if (Object.prototype.hasOwnProperty.call(kept, key)) {
        input.value = kept[key];
      }
    });
  }

  function follow(region) {
    var url = region.getAttribute("data-live");
    var last = region.innerHTML;
    function refresh() {
      // While someone is in the region (typing, or on a button or link with the keyboard), it holds still: a new
      // region would take their place away.
      if (region.contains(document.activeElement)) {
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
            // The new region keeps what was typed in its forms, also once the field has lost the focus.
            var kept = typed(region);
            region.innerHTML = html;
            restore(region, kept);
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
