// The reader: highlight the words a link points at (#char=start,end) and bring them into view.
// Every piece of text carries its offsets into the document (data-s, data-e).
(function () {
  "use strict";
  function highlight() {
    var match = /^#char=(\d+),(\d+)$/.exec(window.location.hash);
    document.querySelectorAll(".target").forEach(function (el) { el.classList.remove("target"); });
    if (!match) { return; }
    var start = Number(match[1]), end = Number(match[2]);
    var hits = [];
    document.querySelectorAll(".reader [data-s]").forEach(function (el) {
      if (Number(el.dataset.s) < end && Number(el.dataset.e) > start) {
        el.classList.add("target");
        hits.push(el);
      }
    });
    if (hits.length) {
      hits[0].setAttribute("tabindex", "-1");
      hits[0].scrollIntoView({ block: "center" });
      hits[0].focus({ preventScroll: true });
      document.body.dataset.landed = String(hits.length);
    }
  }
  window.addEventListener("hashchange", highlight);
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", highlight);
  } else {
    highlight();
  }
})();
