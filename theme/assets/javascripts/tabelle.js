// A table's region is a Tab stop only while it scrolls sideways. A region that scrolls must be reachable from the
// keyboard (WCAG 2.1.1), so the built page makes every one focusable; one whose table fits is an extra, useless stop
// (most of them on a wide screen). Measured again when the window, a region or its table changes size (zoom, fonts,
// rotation) and when a chart's data table is opened.
(function () {
  var regions = document.querySelectorAll(".tabella[role=region]");
  function update(r) {
    if (r.scrollWidth > r.clientWidth + 1) r.setAttribute("tabindex", "0");
    else if (document.activeElement !== r) r.removeAttribute("tabindex");
  }
  function all() { Array.prototype.forEach.call(regions, update); }
  all();
  window.addEventListener("resize", all);
  document.addEventListener("toggle", all, true);  // <details> (toggle does not bubble)
  if (window.ResizeObserver) {
    var watch = new ResizeObserver(all);
    Array.prototype.forEach.call(regions, function (r) {
      watch.observe(r);
      if (r.firstElementChild) watch.observe(r.firstElementChild);
    });
  }
})();
